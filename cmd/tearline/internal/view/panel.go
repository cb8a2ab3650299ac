package view

import (
	"fmt"
	"image/color"

	"tearline/sim"
)

// Line is one line of text and its colour.
type Line struct {
	Text   string
	Colour color.RGBA
}

// RowView is what the decision panel shows under one row's buttons: the
// forecast's delivery figures, the difference the choice makes, and what
// blocks or slows it. The exercise screen builds it in Update; Draw only
// reads it.
type RowView struct {
	// Forecast: "in time 80% · median 4h · p90 9h" (for a withheld row, of
	// the share withholding forgoes).
	Forecast Line
	// Effect: what the choice adds against withholding, or for a withheld
	// row what withholding costs against the forgone share.
	Effect Line
	// Status: the engine's reasons for the choice (a withheld row: the
	// partner's stake and what sharing would face).
	Status Line
	// Tip explains the forecast lines figure by figure; StatusTip gives
	// every reason in full ("" when there is none).
	Tip, StatusTip string
}

// PanelRow builds row i's view from form f and forecast p (nil: none yet).
// fresh reports that p is the forecast of the form as it stands; a stale
// one is shown dimmed while the new one is computed.
func PanelRow(sc *sim.Scenario, f *Form, p *sim.Preview, fresh bool, i int) RowView {
	var v RowView
	d := f.Decision
	row := &d.Rows[i]
	c := f.Choices[i]
	name := NationName(sc, row.Recipient)
	pr := previewRow(p, d, i)
	// A stale forecast still fits while the row is shared (or withheld) as
	// it was forecast.
	fits := pr != nil && (fresh || pr.Withheld == (c.Action == sim.Withhold) && (pr.Withheld || pr.Choice.Action == c.Action))
	if c.Action == sim.Withhold {
		v.Forecast = Line{"withheld · forecast of sharing: computing…", TextDim}
		switch {
		case fits && pr.Err != nil:
			v.Forecast = Line{"withheld · " + pr.Err.Error(), TextDim}
			v.Tip = "You withhold from " + name + ", and the engine finds no lawful share to forecast: " + pr.Err.Error() + "."
		case fits:
			v.Forecast = Line{"withheld · " + pr.Choice.Action.String() + " would give: " + deliveryText(pr), TextDim}
			v.Effect = Line{"withholding (vs " + pr.Choice.Action.String() + "): " + EffectText(sc, p, &pr.Effect, -1, false), Text}
			if -pr.Effect.Harm > minMove || worstAvert(&pr.Effect) > minMove {
				v.Effect.Colour = Warn // withholding lowers a target's odds
			}
			v.Tip = "You withhold from " + name + ": the figures are of the share you forgo (" +
				choiceText(row, pr.Choice) + "); the second line is what withholding costs against it, in paired runs." +
				bullets(append(deliveryDetail(sc, pr), EffectDetail(sc, p, &pr.Effect, -1, name+"'s trust in you")...)) +
				"\n" + futureNote(p)
		}
		var parts []string
		if row.Interested {
			parts = append(parts, "they have a stake in this threat or topic")
		}
		if row.Agreement >= 0 && row.Agreement < len(sc.Agreements) {
			a := &sc.Agreements[row.Agreement]
			s := a.Name
			if s == "" {
				s = a.ID
			}
			parts = append(parts, s)
		}
		if s := IfShared(row); s != "" {
			parts = append(parts, "if shared: "+s)
		}
		v.Status = Line{joinDot(parts), TextDim}
		if !fresh && fits {
			v.Forecast.Text += "  (updating…)"
			v.Effect.Colour = TextDim
		}
		if v.Tip == "" {
			v.Tip = "You withhold from " + name + ". " + ForecastHelp(p)
		}
		return v
	}
	v.Forecast = Line{"forecast: computing…", TextDim}
	switch {
	case fresh && p != nil && p.Err != nil:
		v.Forecast = Line{"forecast: not possible as chosen (see below)", Bad}
	case fits && pr.Err != nil:
		// This share cannot go as chosen; the others are still forecast.
		v.Forecast = Line{"forecast: not possible as chosen — " + pr.Err.Error(), Bad}
	case fits:
		v.Forecast = Line{deliveryText(pr), Good}
		if pr.PInTime < 0.5 {
			v.Forecast.Colour = Warn
		}
		v.Effect = Line{"vs withholding: " + EffectText(sc, p, &pr.Effect, 1, false), Text}
		if !fresh {
			v.Forecast = Line{v.Forecast.Text + "  (updating…)", TextDim}
			v.Effect.Colour = TextDim
		}
		v.Tip = "Forecast of " + choiceText(row, pr.Choice) + " to " + name + "; the second line is what it adds " +
			"against withholding from them, in paired runs (the same worlds with and without it)." +
			bullets(append(deliveryDetail(sc, pr), EffectDetail(sc, p, &pr.Effect, 1, name+"'s trust in you")...)) +
			"\n" + futureNote(p)
	}
	if v.Tip == "" {
		v.Tip = "The forecast of this share to " + name + ": in time, median and p90 delivery, and what it adds against " +
			"withholding (leak risk anywhere, the chance of averting each threat, expected harm, their trust in you). " + ForecastHelp(p)
	}
	st := f.RowStatus(i)
	if len(st.Reasons) > 0 {
		col, prefix := Warn, ""
		switch {
		case st.Blocked:
			col, prefix = Bad, "BLOCKED: "
		case st.Violation:
			col = Bad
		case st.Slowed:
			prefix = "slowed: "
		}
		s := st.Reasons[0]
		if len(st.Reasons) > 1 {
			s = fmt.Sprintf("%s (+%d more)", s, len(st.Reasons)-1)
		}
		v.Status = Line{prefix + s, col}
		v.StatusTip = "What blocks or slows this choice:" + bullets(st.Reasons)
	}
	return v
}

// worstAvert returns the largest rise in P(averted) in e, the effect of a
// forgone share: how much withholding lowers the most affected target's
// odds.
func worstAvert(e *sim.Effect) float64 {
	w := 0.0
	for _, v := range e.Avert {
		w = max(w, v)
	}
	return w
}

// WholeView is the decision panel's summary line: the answer as a whole
// against withholding from everyone, and its tooltip.
func WholeView(sc *sim.Scenario, f *Form, p *sim.Preview, fresh bool) (Line, string) {
	tip := "The whole answer against withholding from every partner: coverage (the share of (item, nation that needs it) " +
		"pairs held in time), the item's leak risk, the odds of the threat most affected, expected harm and the partners' mean trust in you."
	switch {
	case p == nil:
		return Line{"Whole answer: forecast computing…", TextDim}, tip + " " + ForecastHelp(p)
	case p.Err != nil:
		return Line{"Whole answer: no forecast (" + p.Err.Error() + ")", Bad}, tip + " " + ForecastHelp(p)
	case !f.Sharing():
		return Line{"Whole answer: withholds from everyone (each row says what that costs)", TextDim}, tip + " " + ForecastHelp(p)
	}
	l := Line{"Whole answer vs withholding from all: " + EffectText(sc, p, &p.Whole, 1, true), Text}
	if !fresh {
		l = Line{l.Text + "  (updating…)", TextDim}
	}
	return l, tip + bullets(EffectDetail(sc, p, &p.Whole, 1, "the partners' mean trust in you")) + "\n" + ForecastHelp(p)
}

// ConsentView words the forecast of a consent request: granting against
// refusing (nil p: computing). It returns the line for the panel and its
// tooltip.
func ConsentView(sc *sim.Scenario, d *sim.Decision, p *sim.Preview) (Line, string) {
	req := NationName(sc, d.Requester)
	tip := "What granting changes against refusing, over the rest of the exercise: the chance the item leaks anywhere, " +
		"the chance of averting the threat most affected, expected harm, and " + req + "'s trust in you."
	switch {
	case p == nil:
		return Line{"Forecast (grant vs refuse): computing…", TextDim}, tip + " " + ForecastHelp(p)
	case p.Err != nil:
		return Line{"No forecast: " + p.Err.Error(), Bad}, tip + " " + ForecastHelp(p)
	}
	return Line{"Grant vs refuse: " + EffectText(sc, p, &p.Whole, 1, false), Text},
		tip + bullets(EffectDetail(sc, p, &p.Whole, 1, req+"'s trust in you")) + "\n" + ForecastHelp(p)
}
