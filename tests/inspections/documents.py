"""GraphQL documents the inspection tests share."""

from __future__ import annotations

CREATE_PLAN = """
mutation Create($input: CreateInspectionPlanInput!) {
  createInspectionPlan(input: $input) {
    __typename
    ... on InspectionPlanPayload { plan { id name status version
      departments { lead acceptedAt department { id } } items { id } } }
    ... on InputError { code message fieldErrors { field message } }
  }
}
"""

ACCEPT_PLAN = """
mutation Accept($id: ID!) {
  acceptInspectionPlan(id: $id) {
    __typename
    ... on InspectionPlanPayload { plan { id status version } }
    ... on InputError { code message fieldErrors { field message } }
  }
}
"""

DRAW_PLAN = """
mutation Draw($id: ID!, $version: Int!) {
  drawInspectionPlan(id: $id, version: $version) {
    __typename
    ... on InspectionPlanPayload {
      plan {
        id status version seed drawDigest pool { size }
        assignments {
          id position publicationDueOn
          entity { id uscc }
          inspectors { id certificateNumber department { id } }
        }
      }
    }
    ... on InputError { code message fieldErrors { field message } }
  }
}
"""

VERIFY = """
query Verify($planId: ID!) {
  verifyDraw(planId: $planId) {
    matches snapshotIntact seed algorithm mismatches
    expected { position uscc inspectorCertificateNumbers }
    stored { position uscc inspectorCertificateNumbers }
  }
}
"""

ENTER_RESULT = """
mutation Enter($id: ID!, $input: InspectionResultInput!) {
  enterInspectionResult(id: $id, input: $input) {
    __typename
    ... on InspectionAssignmentPayload {
      assignment {
        id result inspectedOn published overdue publicationDueOn
        record { id status decisionNumber ... on Inspection { result handling } }
        plan { status }
      }
    }
    ... on InputError { code message fieldErrors { field message } }
  }
}
"""

COMPLETE_PLAN = """
mutation Complete($id: ID!, $version: Int!) {
  completeInspectionPlan(id: $id, version: $version) {
    __typename
    ... on InspectionPlanPayload { plan { id status completedAt } }
    ... on InputError { code message fieldErrors { field message } }
  }
}
"""

PLANS = """
query Plans($first: Int!, $departmentId: ID) {
  inspectionPlans(first: $first, filter: { departmentId: $departmentId }) {
    totalCount
    nodes {
      id name status
      leadDepartment { name }
      departments { lead department { name } }
      items { name }
      assignments {
        position published overdue
        entity { uscc name }
        inspectors { name certificateNumber department { name } }
        record { decisionNumber }
      }
    }
  }
}
"""

STATISTICS = """
query Statistics($departmentId: ID) {
  inspectionPlanStatistics(filter: { departmentId: $departmentId }) {
    byPlan { plan { id } drawn entered published overdue }
    byDepartment { department { id } drawn entered published overdue }
    total { drawn entered published overdue }
  }
}
"""

OVERDUE = """
query Overdue($first: Int!) {
  overdueInspectionResults(first: $first) {
    totalCount
    nodes { id publicationDueOn overdue plan { id } }
  }
}
"""
