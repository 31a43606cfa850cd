"""Sustainable public procurement: risk categories with their risk matrices, the requirement
library (requirements in versions, with references to conventions and fair-trade terms) and the
requirement packages members build from it. One module per concern, re-exported here."""

from .followup import (
    Contract,
    Deviation,
    Participation,
    Severity,
    SharedFollowUp,
    Step,
    StepDocument,
    StepKind,
    StepResult,
    ValueBand,
)
from .goals import PURCHASE_SHARE_CATEGORIES, Basis, Figure, FigurePublication, Goal, Measure
from .packages import Package, PackageDocument, PackageItem
from .requirements import Level, Reference, Requirement, RequirementKind, RequirementVersion
from .risks import Category, Rating, RiskArea, RiskCell, Stage

__all__ = [
    "PURCHASE_SHARE_CATEGORIES",
    "Basis",
    "Category",
    "Figure",
    "FigurePublication",
    "Goal",
    "Contract",
    "Deviation",
    "Participation",
    "Severity",
    "SharedFollowUp",
    "Step",
    "StepDocument",
    "StepKind",
    "StepResult",
    "ValueBand",
    "Level",
    "Measure",
    "Package",
    "PackageDocument",
    "PackageItem",
    "Rating",
    "Reference",
    "Requirement",
    "RequirementKind",
    "RequirementVersion",
    "RiskArea",
    "RiskCell",
    "Stage",
]
