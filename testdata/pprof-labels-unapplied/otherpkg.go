// Near misses: a package of our own that happens to be named pprof is not
// runtime/pprof.
package unapplied

import (
	pprof "github.com/example/pprof"
)

func localPackageNamedPprof(tenant string) {
	pprof.Labels("tenant", tenant)
	_ = pprof.Labels("tenant")
}
