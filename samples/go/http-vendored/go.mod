module example.com/vendored

go 1.22

require example.com/greetings v0.1.0

// The dependency lives beside the app so the sample stays self-contained; vendor/ holds its
// copy, and builds use only vendor/ (no network).
replace example.com/greetings => ./greetings
