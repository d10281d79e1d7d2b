// Package weather is a sample of MCP tools from plain Go functions: each exported function of
// the MCP Go SDK's typed tool-handler shape is a tool of one MCP server, named after it and
// described by its doc comment; the SDK infers the input and output schemas from the types.
package weather

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// ForecastIn is what Forecast takes: the SDK turns it into the tool's input schema.
type ForecastIn struct {
	City string `json:"city" jsonschema:"the city to forecast, e.g. Lisbon"`
	Days int    `json:"days,omitempty" jsonschema:"how many days ahead, 1 to 7 (3 when left out)"`
}

// ForecastOut is Forecast's structured result.
type ForecastOut struct {
	City string `json:"city"`
	Days []Day  `json:"days"`
}

// Day is one day of a forecast.
type Day struct {
	Day     int    `json:"day"`
	Summary string `json:"summary"`
	HighC   int    `json:"highC"`
}

// Forecast returns a made-up forecast for a city: the same city always gets the same weather.
func Forecast(ctx context.Context, req *mcp.CallToolRequest, in ForecastIn) (*mcp.CallToolResult, ForecastOut, error) {
	days := in.Days
	if days == 0 {
		days = 3
	}
	if days < 1 || days > 7 {
		return nil, ForecastOut{}, fmt.Errorf("days must be between 1 and 7, not %d", days)
	}
	seed := fnv.New32a()
	seed.Write([]byte(strings.ToLower(in.City)))
	n := int(seed.Sum32())
	skies := []string{"sunny", "cloudy", "rain", "showers", "windy"}
	out := ForecastOut{City: in.City}
	for d := 1; d <= days; d++ {
		out.Days = append(out.Days, Day{Day: d, Summary: skies[(n+d)%len(skies)], HighC: 12 + (n/d)%15})
	}
	return nil, out, nil
}

// ConvertIn is a temperature and the unit it is in.
type ConvertIn struct {
	Value float64 `json:"value" jsonschema:"the temperature to convert"`
	From  string  `json:"from" jsonschema:"its unit: C or F"`
}

// ConvertOut is the temperature in the other unit.
type ConvertOut struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// Convert converts a temperature between Celsius and Fahrenheit.
func Convert(ctx context.Context, req *mcp.CallToolRequest, in ConvertIn) (*mcp.CallToolResult, ConvertOut, error) {
	switch strings.ToUpper(in.From) {
	case "C":
		return nil, ConvertOut{Value: in.Value*9/5 + 32, Unit: "F"}, nil
	case "F":
		return nil, ConvertOut{Value: (in.Value - 32) * 5 / 9, Unit: "C"}, nil
	}
	return nil, ConvertOut{}, fmt.Errorf("unknown unit %q: use C or F", in.From)
}
