"""Access policy for staff: which admin permissions each role group gets.

`load_reference_data` (orgs.services.reference.role_groups_ensure) creates the groups and adds these
permissions; it only ever adds, so a deployer's extra grants survive. What a role may do on the
site itself is decided by the predicates in each app's rules.py, using the same group names.
Permissions are named as "app_label.codename" strings: policy data, not imports, so orgs stays
below the apps it names.
"""

from .rules import ASSESSORS, FUNDERS, MODERATORS, TRAINERS

# Assessors who also approve visits and assign assessors (evaluation.rules.LEAD_ASSESSORS).
LEAD_ASSESSORS = "lead_assessors"

ROLE_PERMISSIONS = {
    MODERATORS: [
        "orgs.view_organization",
        "orgs.change_organization",
        "orgs.view_pendingorganization",
        "orgs.change_pendingorganization",
        "orgs.view_membership",
        "orgs.change_membership",
        "orgs.view_historicalorganization",
        "orgs.view_importjob",
        "orgs.add_importjob",
        "orgs.view_duplicatecandidate",
        "orgs.change_duplicatecandidate",
        "orgs.view_mergerecord",
        "orgs.view_user",
        "common.view_sentemail",
        *[f"mapplatform.{action}_{model}" for model in ("flag", "suggestion", "resourcepost", "match",
                                                                   "postphoto")
          for action in ("view", "change")],
        "mapplatform.view_historicalresourcepost",
        "mapplatform.view_historicalpostphoto",
        "evaluation.view_rating",
        "evaluation.change_rating",
        *[f"trainings.{action}_{model}" for model in ("village", "villagephoto", "codesignproject")
          for action in ("view", "change")],
        "evaluation.view_ratingflag",
        "evaluation.change_ratingflag",
        "evaluation.view_disclosure",
        "evaluation.change_disclosure",
        "evaluation.view_historicaldisclosure",
    ],
    TRAINERS: [
        "orgs.view_organization",
        "orgs.view_membership",
        *[
            f"surveys.{action}_{model}"
            for model in ("survey", "section", "question", "choice")
            for action in ("add", "change", "view")
        ],
        "surveys.view_response",
        "surveys.view_invitation",
        "surveys.view_survey_results",
        *[f"trainings.{action}_{model}" for model in ("event", "instructor", "session", "application",
                                                        "speakerinvitation", "challenge", "team")
          for action in ("add", "change", "view")],
        "trainings.view_hackathonregistration",
        "trainings.take_attendance",
        "trainings.view_certificate",
        "trainings.change_certificate",
    ],
    ASSESSORS: [
        "orgs.view_organization",
        "evaluation.view_fieldevaluation",
        "evaluation.add_fieldevaluation",
        "evaluation.change_fieldevaluation",
        "evaluation.add_fieldevaluationattachment",
        "evaluation.change_fieldevaluationattachment",
        "evaluation.view_fieldevaluationattachment",
        "evaluation.view_assessorassignment",
        "evaluation.view_disclosure",
        "evaluation.change_disclosure",
        "evaluation.view_historicaldisclosure",
    ],
    LEAD_ASSESSORS: [
        "evaluation.view_fieldevaluation",
        "evaluation.change_fieldevaluation",
        "evaluation.view_assessorassignment",
        "evaluation.add_assessorassignment",
        "evaluation.change_assessorassignment",
    ],
    FUNDERS: [],
}
