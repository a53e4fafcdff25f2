// Near miss: a local variable named pprof shadows the runtime/pprof import.
package otherpkg

import (
	"runtime/pprof"
)

type labeler struct{}

func (labeler) Labels(kv ...string) []string { return kv }

func shadowedByLocalVariable() pprof.LabelSet {
	labels := pprof.Labels("tenant", "acme")
	{
		pprof := labeler{}
		_ = pprof.Labels("tenant")
	}
	return labels
}
