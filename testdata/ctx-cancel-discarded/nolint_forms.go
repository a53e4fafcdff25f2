// golangci-lint's //nolint forms silence a finding: any case, `all`, spaces
// around commas, a reason after `//`.
package discarded

import "context"

func silencedByAll(parent context.Context) error {
	ctx, _ := context.WithCancel(parent) //nolint:ALL
	return work(ctx)
}

func silencedByTheToolName(parent context.Context) error {
	ctx, _ := context.WithCancel(parent) //nolint:Lifelint // reason: exits next
	return work(ctx)
}

func silencedInAListWithSpaces(parent context.Context) error {
	ctx, _ := context.WithCancel(parent) //nolint:errcheck, ctx-cancel-discarded
	return work(ctx)
}

func silencedByAnUpperCaseId(parent context.Context) error {
	ctx, _ := context.WithCancel(parent) //nolint:CTX-CANCEL-DISCARDED
	return work(ctx)
}
