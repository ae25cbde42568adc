package cli

import (
	"context"
	"fmt"
)

func runEval(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, "Usage: sitrep eval <extraction> PATH")
		return 2
	}
	fmt.Fprintf(env.Stderr, "sitrep eval: unknown data set %q\n", args[0])
	return 2
}
