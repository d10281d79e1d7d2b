package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/buildpacks/pack/builder"
	"github.com/buildpacks/pack/buildpackage"
	packcmd "github.com/buildpacks/pack/cmd"
	"github.com/buildpacks/pack/pkg/buildpack"
	"github.com/buildpacks/pack/pkg/dist"
	"github.com/buildpacks/pack/pkg/logging"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// packRequest is what the test models: pack's working directory, which buildpacks each builder
// holds, and the command lines (without the leading "pack").
type packRequest struct {
	Workdir  string                       `json:"workdir"`
	Builders map[string][]dist.ModuleInfo `json:"builders"`
	Commands []commandLine                `json:"commands"`
}

type commandLine struct {
	Where string   `json:"where"`
	Args  []string `json:"args"`
}

type commandReport struct {
	Where string `json:"where"`
	// Command is pack's own name for the command it parsed, e.g. "pack builder create".
	Command string `json:"command,omitempty"`
	// Args are the positional arguments pack's parser left, e.g. the image name to build.
	Args []string `json:"args"`
	// Error is pack's parser's refusal (unknown flag or command, wrong argument count), or why the
	// command could not be checked further (an unreadable config, a builder the model lacks).
	Error   string        `json:"error,omitempty"`
	Modules []moduleFacts `json:"modules"`
	Paths   []pathFacts   `json:"paths"`
	// Targets are the platforms the command builds for: --target flags, else the config's.
	Targets []string `json:"targets"`
	Publish bool     `json:"publish"`
	// Order lists the buildpack ids a builder.toml's order names.
	Order []string `json:"order"`
}

// moduleFacts is one buildpack reference and what pack makes of it.
type moduleFacts struct {
	// From says where the reference was written: a flag or a config file's key.
	From    string `json:"from"`
	Locator string `json:"locator"`
	// Type is pack's buildpack.LocatorType: IDLocator (from the builder), URILocator (a file,
	// directory or URL), PackageLocator (an image), RegistryLocator (the Buildpack Registry),
	// FromBuilderLocator or InvalidLocator.
	Type  string      `json:"type"`
	Error string      `json:"error,omitempty"`
	Image *imageFacts `json:"image,omitempty"`
}

type imageFacts struct {
	Name string `json:"name"`
	// Registry is the registry the name resolves to; ExplicitRegistry says whether the name
	// spells it out (docker's rule: a first component with a dot or colon, or localhost).
	Registry         string `json:"registry"`
	ExplicitRegistry bool   `json:"explicitRegistry"`
	// Tag or Digest as written; both empty when the name has neither (pack would pull latest).
	Tag    string `json:"tag,omitempty"`
	Digest string `json:"digest,omitempty"`
}

type pathFacts struct {
	From   string `json:"from"`
	Path   string `json:"path"`
	Exists bool   `json:"exists"`
}

func checkPackRequest(input io.Reader) ([]commandReport, error) {
	var request packRequest
	if err := json.NewDecoder(input).Decode(&request); err != nil {
		return nil, fmt.Errorf("reading the request: %w", err)
	}
	restore, err := isolateFromUserConfig()
	if err != nil {
		return nil, err
	}
	defer restore()
	// pack resolves relative buildpack paths of `pack build` against its working directory.
	if err := os.Chdir(request.Workdir); err != nil {
		return nil, fmt.Errorf("entering the modelled working directory: %w", err)
	}
	reports := make([]commandReport, 0, len(request.Commands))
	for _, line := range request.Commands {
		reports = append(reports, checkCommand(line, request.Builders))
	}
	return reports, nil
}

// isolateFromUserConfig points pack at an empty config (a user's default builder, registries or
// experimental mode would change what a command means) and at no Docker daemon (an ssh
// DOCKER_HOST would make pack's client connect while the command tree is built).
func isolateFromUserConfig() (func(), error) {
	home, err := os.MkdirTemp("", "doccheck-pack-home-")
	if err != nil {
		return nil, err
	}
	os.Setenv("PACK_HOME", home)
	os.Setenv("DOCKER_CONFIG", home)
	os.Unsetenv("DOCKER_HOST")
	os.Unsetenv("DOCKER_CONTEXT")
	return func() { os.RemoveAll(home) }, nil
}

// checkCommand runs one command line through pack's real command tree with every command's
// action replaced by one that records what cobra parsed: flags, argument counts and required
// flags are checked by pack's own definitions, and nothing is built.
func checkCommand(line commandLine, builders map[string][]dist.ModuleInfo) commandReport {
	report := commandReport{Where: line.Where, Args: []string{}, Modules: []moduleFacts{}, Paths: []pathFacts{}, Targets: []string{}, Order: []string{}}
	root, err := packcmd.NewPackCommand(logging.NewLogWithWriters(io.Discard, io.Discard))
	if err != nil {
		report.Error = "building pack's command tree: " + err.Error()
		return report
	}
	var parsed *cobra.Command
	replaceActions(root, func(cmd *cobra.Command, args []string) error {
		parsed = cmd
		report.Args = append(report.Args, args...)
		return nil
	})
	root.SilenceErrors, root.SilenceUsage = true, true
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	root.SetArgs(line.Args)
	if _, err := root.ExecuteC(); err != nil {
		report.Error = err.Error()
		return report
	}
	if parsed == nil {
		report.Error = "pack would print help instead of running a command"
		return report
	}
	report.Command = parsed.CommandPath()
	report.Publish = boolFlag(parsed, "publish")
	report.Targets = append(report.Targets, listFlag(parsed, "target")...)
	switch report.Command {
	case "pack build":
		checkBuild(parsed, builders, &report)
	case "pack builder create":
		checkBuilderCreate(parsed, &report)
	case "pack buildpack package":
		checkBuildpackPackage(parsed, &report)
	}
	return report
}

func replaceActions(cmd *cobra.Command, action func(*cobra.Command, []string) error) {
	if cmd.Runnable() {
		cmd.Run = nil
		cmd.RunE = action
	}
	for _, child := range cmd.Commands() {
		replaceActions(child, action)
	}
}

// checkBuild resolves --buildpack (and the pre/post forms) as pack's client does: relative to the
// working directory, against the buildpacks the --builder image holds.
func checkBuild(cmd *cobra.Command, builders map[string][]dist.ModuleInfo, report *commandReport) {
	builderImage := stringFlag(cmd, "builder")
	inBuilder, known := builders[builderImage]
	if !known {
		report.Error = fmt.Sprintf("the model has no builder %q (pack would use it to resolve buildpack ids); give --builder one of the modelled builders", builderImage)
		return
	}
	for _, flag := range []string{"buildpack", "pre-buildpack", "post-buildpack"} {
		for _, locator := range listFlag(cmd, flag) {
			report.Modules = append(report.Modules, locate("--"+flag, locator, "", inBuilder))
		}
	}
	addPathFlag(cmd, "path", report)
	addPathFlag(cmd, "descriptor", report)
}

// checkBuilderCreate reads the builder config with pack's own reader (unknown keys are errors)
// and resolves each buildpack uri as pack's buildpack downloader does: relative to the config's
// directory, with no builder to find ids in.
func checkBuilderCreate(cmd *cobra.Command, report *commandReport) {
	path := stringFlag(cmd, "config")
	if !addPath("--config", path, report) {
		return
	}
	config, _, err := builder.ReadConfig(path)
	if err == nil {
		err = builder.ValidateConfig(config)
	}
	if err != nil {
		report.Error = fmt.Sprintf("%s: %v", path, err)
		return
	}
	base, _ := filepath.Abs(filepath.Dir(path))
	for _, module := range config.Buildpacks {
		report.Modules = append(report.Modules, locate(path+" [[buildpacks]]", moduleLocator(module.ImageOrURI), base, nil))
	}
	if len(report.Targets) == 0 {
		report.Targets = targetNames(config.Targets)
	}
	for _, entry := range config.Order {
		for _, ref := range entry.Group {
			report.Order = append(report.Order, ref.ID)
		}
	}
}

// checkBuildpackPackage reads package.toml with pack's own reader and resolves its buildpack and
// dependencies relative to its directory, as `pack buildpack package --config` does.
func checkBuildpackPackage(cmd *cobra.Command, report *commandReport) {
	addPathFlag(cmd, "path", report)
	path := stringFlag(cmd, "config")
	if path == "" || !addPath("--config", path, report) {
		return
	}
	config, err := buildpackage.NewConfigReader().Read(path)
	if err != nil {
		report.Error = fmt.Sprintf("%s: %v", path, err)
		return
	}
	base, _ := filepath.Abs(filepath.Dir(path))
	report.Modules = append(report.Modules, locate(path+" [buildpack]", config.Buildpack.URI, base, nil))
	for _, dependency := range config.Dependencies {
		report.Modules = append(report.Modules, locate(path+" [[dependencies]]", moduleLocator(dependency), base, nil))
	}
	if len(report.Targets) == 0 {
		report.Targets = targetNames(config.Targets)
	}
}

// moduleLocator is the locator pack downloads for a config entry: its uri, or the deprecated
// image key, which pack treats as an image reference.
func moduleLocator(module dist.ImageOrURI) string {
	if module.URI == "" && module.ImageName != "" {
		return "docker://" + module.ImageName
	}
	return module.URI
}

func locate(from, locator, relativeBaseDir string, inBuilder []dist.ModuleInfo) moduleFacts {
	facts := moduleFacts{From: from, Locator: locator}
	locatorType, err := buildpack.GetLocatorType(locator, relativeBaseDir, inBuilder)
	facts.Type = locatorType.String()
	if err != nil {
		facts.Error = err.Error()
	}
	if locatorType == buildpack.PackageLocator {
		facts.Image = describeImage(buildpack.ParsePackageLocator(locator))
	}
	return facts
}

func describeImage(imageName string) *imageFacts {
	facts := &imageFacts{Name: imageName}
	if ref, err := name.ParseReference(imageName); err == nil {
		facts.Registry = ref.Context().RegistryStr()
	}
	if first, _, found := strings.Cut(imageName, "/"); found {
		facts.ExplicitRegistry = strings.ContainsAny(first, ".:") || first == "localhost"
	}
	rest, digest, _ := strings.Cut(imageName, "@")
	facts.Digest = digest
	lastComponent := rest[strings.LastIndex(rest, "/")+1:]
	if _, tag, found := strings.Cut(lastComponent, ":"); found {
		facts.Tag = tag
	}
	return facts
}

func addPathFlag(cmd *cobra.Command, flag string, report *commandReport) {
	if path := stringFlag(cmd, flag); path != "" {
		addPath("--"+flag, path, report)
	}
}

func addPath(from, path string, report *commandReport) bool {
	_, err := os.Stat(path)
	report.Paths = append(report.Paths, pathFacts{From: from, Path: path, Exists: err == nil})
	return err == nil
}

func targetNames(targets []dist.Target) []string {
	names := []string{}
	for _, target := range targets {
		names = append(names, target.OS+"/"+target.Arch)
	}
	return names
}

func stringFlag(cmd *cobra.Command, flag string) string {
	if f := cmd.Flags().Lookup(flag); f != nil {
		return f.Value.String()
	}
	return ""
}

func boolFlag(cmd *cobra.Command, flag string) bool {
	return stringFlag(cmd, flag) == "true"
}

// listFlag reads a repeatable flag whatever pflag type pack gave it (string slices split on
// commas, string arrays do not).
func listFlag(cmd *cobra.Command, flag string) []string {
	f := cmd.Flags().Lookup(flag)
	if f == nil {
		return nil
	}
	if values, ok := f.Value.(pflag.SliceValue); ok {
		return values.GetSlice()
	}
	if value := f.Value.String(); value != "" {
		return []string{value}
	}
	return nil
}
