module github.com/sitrep-dev/sitrep

go 1.26
