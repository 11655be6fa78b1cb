"""The FHIR export read by an independent FHIR R4 implementation (fhir.resources' R4B
models, which R4 JSON fits), plus what that library does not check: the required value sets of the status codes
we write, every reference
points at an entry of the bundle, every fullUrl is a urn:uuid, and the PHQ-9 and GAD-7
carry their LOINC codes.

Used by run.py against the running server, after schemathesis has filled it with
generated data; returns a list of problems (empty when the export is good) and the
number of entries read.
"""

import json
import urllib.request

from fhir.resources.R4B.bundle import Bundle

LOINC = "http://loinc.org"
# The required value sets of the codes we write; fhir.resources checks a code's shape,
# not its value.
STATUS = {
    "Questionnaire": {"draft", "active", "retired", "unknown"},
    "QuestionnaireResponse": {"in-progress", "completed", "amended", "entered-in-error", "stopped"},
    "Flag": {"active", "inactive", "entered-in-error"},
}
BUNDLE_TYPES = {"document", "message", "transaction", "transaction-response", "batch",
                "batch-response", "history", "searchset", "collection"}
PANELS = {"urn:ajar:questionnaire:phq-9": "44249-1", "urn:ajar:questionnaire:gad-7": "69737-5"}


def references(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference" and isinstance(inner, str):
                yield inner
            else:
                yield from references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from references(inner)


def check(base, therapist_cookie):
    request = urllib.request.Request(
        f"{base}/api/v1/therapist/export.fhir.json",
        headers={"cookie": f"__Host-ajar_therapist={therapist_cookie}"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        document = json.load(answer)
    problems = []
    try:
        Bundle.model_validate(document)
    except Exception as error:  # the library's own report says which element and why
        problems.append(f"not a valid FHIR R4 Bundle: {error}")
    entries = document.get("entry", [])
    if document.get("type") not in BUNDLE_TYPES:
        problems.append(f"Bundle.type {document.get('type')!r} is not a bundle type")
    for e in entries:
        r = e["resource"]
        allowed = STATUS.get(r["resourceType"])
        if allowed is not None and r.get("status") not in allowed:
            problems.append(f"{r['resourceType']}.status {r.get('status')!r} is not one of {sorted(allowed)}")
    full_urls = {e.get("fullUrl") for e in entries}
    for e in entries:
        if not str(e.get("fullUrl", "")).startswith("urn:uuid:"):
            problems.append(f"fullUrl is not a urn:uuid: {e.get('fullUrl')}")
    for ref in set(references(document)):
        if ref not in full_urls:
            problems.append(f"reference {ref} resolves to no entry of the bundle")
    questionnaires = [e["resource"] for e in entries if e["resource"]["resourceType"] == "Questionnaire"]
    by_url = {(q["url"], q["version"]) for q in questionnaires}
    for e in entries:
        r = e["resource"]
        if r["resourceType"] == "QuestionnaireResponse":
            url, _, version = r["questionnaire"].partition("|")
            if (url, version) not in by_url:
                problems.append(f"{r['questionnaire']} is not a Questionnaire in the bundle")
    for q in questionnaires:
        panel = PANELS.get(q["url"])
        if panel and not any(c.get("system") == LOINC and c.get("code") == panel for c in q.get("code", [])):
            problems.append(f"{q['url']} lacks its LOINC panel code {panel}")
        for item in q.get("item", []):
            for option in item.get("answerOption", []):
                if not option.get("valueCoding", {}).get("system"):
                    problems.append(f"{q['url']} {item['linkId']}: an answer coding without a system")
    return problems, len(entries)
