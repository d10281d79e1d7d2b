// The server runtime every fnpacks function shares. Its .go files (tests excluded) are copied
// verbatim into the user's module as package fnruntime, so it imports only the standard
// library and keeps to the language of Go 1.21, the oldest release with log/slog.
module fnpacks.dev/fnruntime

go 1.21
