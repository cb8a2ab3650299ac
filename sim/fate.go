package sim

// This file gives every share its typed fate: how each share the run started
// ended — held on time, held late, refused (and where), or still under way at
// the end (and how far it got). Views show these facts; they never guess them
// from the timeline's words.
//
// The engine never loses a share: an interception is a leak (Outcome.Leaks)
// after which the share still arrives, and a garbled translation forces a
// resend (at most three) after which it goes through. So there is no "lost"
// fate; ShareFate.Intercepted and ShareFate.Resends tell those stories.

// FateKind is how a share ended.
type FateKind uint8

const (
	// FateHeldOnTime: the recipient held it by the item's need time.
	FateHeldOnTime FateKind = iota + 1
	// FateHeldLate: the recipient held it after the item's need time.
	FateHeldLate
	// FateRefused: it was refused at consent or approval and never sent
	// (ShareFate.Refusal says where).
	FateRefused
	// FateInTransit: the exercise ended before the recipient held it
	// (ShareFate.Stage says how far it got).
	FateInTransit
)

var fateKindNames = [...]string{"", "held on time", "held late", "refused", "in transit"}

// String returns "held on time", "held late", "refused" or "in transit".
func (k FateKind) String() string {
	if k == 0 || int(k) >= len(fateKindNames) {
		return "fate?"
	}
	return fateKindNames[k]
}

// Held reports whether the recipient held the share (on time or late).
func (k FateKind) Held() bool { return k == FateHeldOnTime || k == FateHeldLate }

// RefusalKind is where a refused share was refused.
type RefusalKind uint8

const (
	// RefusedConsent: the originator refused consent (ORCON, the
	// third-party rule, or a tearline of its report).
	RefusedConsent RefusalKind = iota + 1
	// RefusedApproval: the approval step refused it. That step is one draw
	// over everything it included — approval laws, a waiver sought, ad-hoc
	// approval outside agreement scope (ShareFate.ApprovalLaw,
	// ShareFate.WaiverSought, ShareFate.AdHoc) — so the engine does not say
	// which of them refused.
	RefusedApproval
)

var refusalKindNames = [...]string{"", "consent", "approval"}

// String returns "consent" or "approval" ("" for none).
func (k RefusalKind) String() string {
	if int(k) >= len(refusalKindNames) {
		return "refusal?"
	}
	return refusalKindNames[k]
}

// TransitStage is how far a share had got.
type TransitStage uint8

const (
	// StageAwaitingConsent: waiting for the originator's consent.
	StageAwaitingConsent TransitStage = iota + 1
	// StageAwaitingApproval: waiting for approval (laws, a waiver, ad hoc).
	StageAwaitingApproval
	// StageOnWire: sent, on its channel (translation and resends included).
	StageOnWire
	// StageVerifying: arrived; the recipient is verifying it.
	StageVerifying
	// StageQueued: verified, waiting for a free analyst.
	StageQueued
	// StageAnalysis: an analyst is working on it.
	StageAnalysis
	// StageHeld: the recipient holds it.
	StageHeld
	// StageRefused: refused before it was sent.
	StageRefused
)

var stageNames = [...]string{"", "awaiting consent", "awaiting approval", "on the wire", "being verified",
	"waiting for an analyst", "in analysis", "held", "refused"}

// String returns the stage in plain words, e.g. "waiting for an analyst".
func (s TransitStage) String() string {
	if s == 0 || int(s) >= len(stageNames) {
		return "stage?"
	}
	return stageNames[s]
}

// Bits of transit.gates: what a share's approval step included.
const (
	gateLaw    uint8 = 1 << iota // an approval law
	gateWaiver                   // a waiver sought under a waiver law
	gateAdHoc                    // ad-hoc approval: no agreement covers it
)

// ShareFate is the typed end of one share the run started (a transit): a
// player's decision, a consent-gated onward share or a non-player nation's
// doctrine. Times are exercise hours.
type ShareFate struct {
	// Item indexes Scenario.Items; From and To index Scenario.Nations.
	Item, From, To int
	// Form is Full or Tearline.
	Form Action
	// Route names the channel it took (the liaison courier if its own was
	// down at dispatch), or the one chosen if it was never sent.
	Route string
	// Decision is the Seq of the share decision that started it, or -1 for
	// a non-player nation's doctrine.
	Decision int
	// Player is the player nation whose share it is or follows onward, or -1.
	Player int
	// Attempt counts the shares of the item to To started before it.
	Attempt int
	// Waiver and Forced say how it was sent: a waiver sought, or forced
	// through a block (Violation: it broke a law, marking or the
	// third-party rule).
	Waiver, Forced, Violation bool
	// ConsentAsked reports that the originator's consent was asked;
	// ConsentDecision is the Seq of the player's consent decision that
	// answered it, or -1 (a non-player originator answers by doctrine at
	// once, or the question was still open at the end).
	ConsentAsked    bool
	ConsentDecision int
	// ApprovalLaw, WaiverSought and AdHoc report what its approval step
	// included: an approval law of the sender, a waiver under a waiver law,
	// ad-hoc approval (no in-force agreement covered it). All false: it
	// needed no approval (or never reached that step).
	ApprovalLaw, WaiverSought, AdHoc bool
	// Sent is when it was decided; Dispatched when it went on the wire (0
	// if never); Held when the recipient held it (0 if never); NeedBy the
	// item's need time.
	Sent, Dispatched, Held, NeedBy Hours
	// Fate is how it ended.
	Fate FateKind
	// Refusal says where it was refused (FateRefused only, else 0).
	Refusal RefusalKind
	// Stage is how far it got: StageHeld, StageRefused, or for
	// FateInTransit the stage it was in at the end.
	Stage TransitStage
	// Intercepted reports it was taken on the wire (a leak in
	// Outcome.Leaks on the link From → To); it still arrived.
	Intercepted bool
	// Resends counts garbled translations that forced a resend.
	Resends int
	// Redundant reports a share held by a recipient that already held the
	// item in this form or better (from another share): it changed nothing
	// there, so no leak from the recipient follows from it (an
	// interception on its way still does).
	Redundant bool
}

// fates fills Outcome.Shares from the run's transits at the end. It reuses
// the run's buffer, so a batch of quiet runs allocates nothing for it once
// warm; a run that started no share leaves Outcome.Shares nil.
func (r *Run) fates() {
	buf := r.fateBuf[:0]
	for i := range r.transits {
		tr := &r.transits[i]
		f := ShareFate{Item: int(tr.item), From: int(tr.from), To: int(tr.to), Form: tr.form, Route: tr.route.Name,
			Decision: int(tr.dec), Player: int(tr.via), Attempt: int(tr.attempt),
			Waiver: tr.waiver, Forced: tr.force, Violation: tr.violation,
			ConsentAsked: tr.asked, ConsentDecision: int(tr.cdec),
			ApprovalLaw: tr.gates&gateLaw != 0, WaiverSought: tr.gates&gateWaiver != 0, AdHoc: tr.gates&gateAdHoc != 0,
			Sent: tr.sent, Dispatched: tr.dispatched, NeedBy: r.sc.Items[tr.item].NeedBy,
		}
		// Interception and resends are drawn at dispatch but happen on the
		// wire: they count once the share has arrived.
		if tr.stage >= uint8(StageVerifying) {
			f.Intercepted, f.Resends = tr.intercepted, tr.resends
		}
		switch tr.state {
		case transitDone:
			f.Held, f.Stage, f.Redundant = tr.heldAt, StageHeld, tr.redundant
			f.Fate = FateHeldLate
			if tr.heldAt <= f.NeedBy {
				f.Fate = FateHeldOnTime
			}
		case transitDenied:
			f.Fate, f.Refusal, f.Stage = FateRefused, RefusalKind(tr.refusal), StageRefused
		default: // transitLate: under way at the end
			f.Fate, f.Stage = FateInTransit, TransitStage(tr.stage)
			if tr.stage == 0 {
				f.Stage = StageAwaitingApproval
				if tr.consent {
					f.Stage = StageAwaitingConsent
				}
			}
		}
		buf = append(buf, f)
	}
	r.fateBuf = buf
	r.out.Shares = nil
	if len(buf) > 0 {
		r.out.Shares = buf
	}
}
