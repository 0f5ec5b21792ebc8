package soup

import (
	"fmt"
	"strings"
)

// Task is one activity a change asks for, with what requires it.
type Task struct {
	Reference Reference `json:"reference"`
	// Action says what to do, naming the item's versions and risk
	// references.
	Action string `json:"action"`
}

// String returns the task as "clause: action", "7.4.1: analyse …".
func (t Task) String() string {
	return t.Reference.Clause + ": " + t.Action
}

// Impact returns what change c asks the team to do for a software system
// of class class (an unset class counts as C, IEC 62304 4.3): for every
// class, the analysis of the change (7.4.1); for classes B and C also the
// analysis of its impact on the existing risk control measures, naming the
// item's risk references (7.4.2, 7.4.3), the verification that the
// architecture supports the new version (5.3.6c) and the evaluation of the
// new version's published anomaly list (7.1.3). A new item is identified
// (8.1.2) and, in classes B and C, documented (5.3.3, 5.3.4, 7.1.2c,
// 5.3.6c, 7.1.3). A change of other fields than the version asks nothing.
func (c Change) Impact(class SafetyClass) []Task {
	if class == 0 {
		class = ClassC
	}
	bc := class != ClassA
	it := c.New
	if it == nil {
		it = c.Old
	}
	if it == nil {
		it = &Item{}
	}
	name := it.Name
	refs := "the item has no risk references: check the risk analysis for measures that rely on it"
	if !allPlaceholders(it.RiskRefs) {
		refs = "risk references " + strings.Join(it.RiskRefs, ", ")
	}
	var ts []Task
	add := func(clause, format string, args ...any) {
		ts = append(ts, Task{Reference: Reference{Source: IEC62304, Clause: clause}, Action: fmt.Sprintf(format, args...)})
	}
	switch c.Kind {
	case Upgraded, Downgraded:
		add("7.4.1", "analyse whether the change of %s from %s to %s adds potential causes of hazardous situations, and record it (changeAnalysis)", name, c.From, c.To)
		if bc {
			add("7.4.2", "analyse the impact of the change on the existing risk control measures (%s); 7.4.3: update the risk management file", refs)
			add("5.3.6c", "verify that the architecture supports %s %s", name, c.To)
			add("7.1.3", "evaluate the published anomaly list of %s %s", name, c.To)
			if !it.Requirements.IsZero() {
				add("5.3.3", "confirm that the functional, performance, hardware and software requirements (5.3.4) hold for %s", c.To)
			}
		}
	case Added:
		add("7.4.1", "analyse whether adding %s %s adds potential causes of hazardous situations", name, c.To)
		add("8.1.2", "identify the item: title, manufacturer and unique designator")
		if bc {
			add("5.3.3", "specify its functional and performance requirements; 5.3.4: the hardware and software it requires")
			add("7.1.2c", "assign a risk level and list its potential failure modes with references to the risk analysis")
			add("5.3.6c", "verify that the architecture supports %s %s", name, c.To)
			add("7.1.3", "evaluate the published anomaly list of %s %s", name, c.To)
		}
	case Removed:
		add("7.4.1", "analyse whether removing %s %s adds potential causes of hazardous situations", name, c.From)
		if bc {
			add("7.4.2", "analyse the impact of the removal on the existing risk control measures (%s); 7.4.3: update the risk management file", refs)
		}
	}
	return ts
}
