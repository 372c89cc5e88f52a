import Foundation
import PlatformModels
import SiteSimulation

/// One pass of healing, computed and not written: the simulation it starts from, what each fixable finding
/// gets, the patches to apply in the scope, and the patches of suggested fixes outside it.
public struct HealPlan: Sendable {
    /// The simulation the plan was computed from.
    public var report: SimulationReport
    /// One entry per finding that has a fixer, in the report's order.
    public var fixes: [PlannedFix]
    /// The patches that apply the fixes in scope, one per file.
    public var patches: [Patch]
    /// Suggested fixes outside the scope, as patches of their own (computed on the same files), to show.
    public var shownPatches: [Patch]

    /// The fixes that will be applied.
    public var applying: [PlannedFix] { fixes.filter { if case .apply = $0.disposition { true } else { false } } }
    /// True when nothing in scope is left to apply.
    public var isEmpty: Bool { patches.isEmpty }
}

/// The result of `Healer.heal`: every pass, every patch written, and the final state of the site.
public struct HealOutcome: Sendable {
    /// The simulation before any fix.
    public var initialReport: SimulationReport
    /// The passes that wrote patches, in order.
    public var passes: [HealPlan]
    /// The plan over the final state: what is left (suggested fixes outside the scope, findings not fixed).
    public var remaining: HealPlan
    /// How many passes ran (each one simulates, fixes and writes).
    public var attempts: Int { passes.count }

    /// The simulation after the last pass.
    public var finalReport: SimulationReport { remaining.report }
    /// Every patch written, in order (a file can appear once per pass).
    public var appliedPatches: [Patch] { passes.flatMap(\.patches) }
    /// The codes of the fixes applied.
    public var fixedCodes: [FindingCode] { Array(Set(passes.flatMap(\.applying).map(\.code))).sorted() }
}
