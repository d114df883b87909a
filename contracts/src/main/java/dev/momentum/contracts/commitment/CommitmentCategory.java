package dev.momentum.contracts.commitment;

/** What kind of step a commitment is, so progress can be read per buying activity. */
public enum CommitmentCategory {
    DEFINE_GOALS,
    LEARN,
    ENGAGE_STAKEHOLDERS,
    ASK_QUESTIONS,
    ASSESS_RISKS,
    MAKE_PROGRESS,
    BUILD_CONSENSUS,
    NEXT_MEETING,
    PROVIDE_INFORMATION,
    CHECK_REFERENCES,
    DEMO,
    DECISION,
    DELIVERABLE,
    OTHER
}
