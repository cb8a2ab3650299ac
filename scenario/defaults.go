package scenario

import "fmt"

// defaulter is implemented by spec types whose zero value is not their default.
// The decoder calls setDefaults before it fills a value from the file, so keys
// that are absent keep their documented default.
type defaulter interface{ setDefaults() }

func d(median, p90 Hours) Delay { return Delay{Median: Span(median), P90: Span(p90)} }

func (m *ModelSpec) setDefaults() {
	*m = ModelSpec{
		DefaultTrust: 0.5, DefaultEvidence: 2, Forgetting: 0.95, LeakRate: 0.004,
		Attribution: 0.6, TearlineExposure: 0.2, VerificationMax: 8,
		Translation: d(3, 8), Garble: 0.15, Liaison: d(18, 30), LiaisonCompromise: 0.002,
		AdHoc: d(6, 18), AdHocApproval: 0.8,
		ShareGain: 1, LeakPenalty: 4, BreachPenalty: 5, WithholdPenalty: 3, LegalPenalty: 2, ReviewGain: 1,
	}
}

func (n *NationSpec) setDefaults() {
	*n = NationSpec{Security: 0.5, Analysts: 2, Analysis: d(2, 5), Stability: 0.8,
		Doctrine: Doctrine{Share: 0.65, Tearline: 0.45, Consent: 0.55}}
}

func (t *TrustSpec) setDefaults()       { *t = TrustSpec{Evidence: 10} }
func (s *SystemSpec) setDefaults()      { *s = SystemSpec{Latency: d(1, 3), MaxLevel: Secret} }
func (g *GatewaySpec) setDefaults()     { *g = GatewaySpec{Delay: d(4, 10), MaxLevel: Secret} }
func (t *TranslationSpec) setDefaults() { *t = TranslationSpec{Delay: d(3, 8), Garble: 0.15} }
func (a *AgreementSpec) setDefaults()   { *a = AgreementSpec{MaxLevel: Secret} }
func (l *LawSpec) setDefaults()         { *l = LawSpec{Delay: d(12, 36), Probability: 0.7} }
func (t *ThreatSpec) setDefaults() {
	*t = ThreatSpec{LeadTime: 6, AvertBase: 0.05, AvertMax: 0.9, Impact: 1}
}
func (i *InjectSpec) setDefaults() {
	*i = InjectSpec{Value: 1, NeedBy: -1, Tearline: TearlineSpec{Value: 0.6, Exposure: -1}}
}
func (e *EventSpec) setDefaults()     { *e = EventSpec{Probability: 1} }
func (o *ObjectiveSpec) setDefaults() { *o = ObjectiveSpec{Weight: 1} }

// UnmarshalTOML implements toml.Unmarshaler: a table {median, p90}, or a
// single span ("4h" or a number of hours) for a fixed delay. A table without
// p90 is a fixed delay too.
func (dl *Delay) UnmarshalTOML(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		var s Span
		if err := s.UnmarshalTOML(v); err != nil {
			return fmt.Errorf("expected a delay: a span such as \"4h\" or a table { median = \"4h\", p90 = \"10h\" }: %v", err)
		}
		*dl = Delay{Median: s, P90: s}
		return nil
	}
	var out Delay
	hasP90 := false
	for k, x := range m {
		switch k {
		case "median":
			if err := out.Median.UnmarshalTOML(x); err != nil {
				return fmt.Errorf("median: %v", err)
			}
		case "p90":
			hasP90 = true
			if err := out.P90.UnmarshalTOML(x); err != nil {
				return fmt.Errorf("p90: %v", err)
			}
		default:
			return fmt.Errorf("unknown key %q in a delay; a delay has median and p90", k)
		}
	}
	if _, ok := m["median"]; !ok {
		return fmt.Errorf("a delay needs a median, e.g. { median = \"4h\", p90 = \"10h\" }")
	}
	if !hasP90 {
		out.P90 = out.Median
	}
	if out.P90 < out.Median {
		return fmt.Errorf("p90 (%s) is below the median (%s); the 90th percentile must be at least the median", FormatSpan(Hours(out.P90)), FormatSpan(Hours(out.Median)))
	}
	*dl = out
	return nil
}
