//! CSV and FHIR R4 exports: what they hold, and who may download them.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{Value, json};

const PHQ: &str = "33333333-3333-4333-8333-333333333333";

async fn with_answers(w: &World) -> String {
    let a = pair(&w.client_cookie(&w.link_a).await);
    let r = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&a),
            Some(checkin(ID, 7, "Said \"enough\", finally")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&a),
            Some(phq9(PHQ, 1, 2)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    pair(&w.therapist_cookie("one@example.org").await)
}

/// The item with this linkId of a Questionnaire or QuestionnaireResponse.
fn item_of<'a>(resource: &'a Value, link_id: &str) -> &'a Value {
    resource["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == link_id)
        .unwrap_or_else(|| panic!("no item {link_id}"))
}

#[tokio::test]
async fn csv_has_one_row_per_answered_item_with_instrument_and_version() {
    let w = world().await;
    let t1 = with_answers(&w).await;
    let (status, kind, disposition, body) =
        get_text(&w.app, "/therapist/export.csv", Some(&t1)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "text/csv; charset=utf-8");
    assert!(
        disposition.starts_with("attachment; filename=\"ajar-caseload-"),
        "{disposition}"
    );
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "client_id,client_label,response_id,instrument,instrument_version,received_at,answered_at,item_id,item_text,value,value_label,text,total,band,risk"
    );
    // Session check-in: 4 scales + pace + note; PHQ-9: 9 items.
    assert_eq!(lines.len(), 1 + 6 + 9);
    let heard = lines.iter().find(|l| l.contains(",heard,")).unwrap();
    assert!(heard.contains(&format!(",{ID},ajar-session,1,")), "{heard}");
    assert!(
        heard.ends_with(",heard,I felt heard and understood.,7,,,28,,no"),
        "{heard}"
    );
    let pace = lines.iter().find(|l| l.contains(",pace,")).unwrap();
    assert!(pace.ends_with(",1,About right,,28,,no"), "{pace}");
    let note = lines.iter().find(|l| l.contains(",note,")).unwrap();
    assert!(
        note.ends_with(",,,\"Said \"\"enough\"\", finally\",28,,no"),
        "quotes escaped: {note}"
    );
    let item9 = lines.iter().find(|l| l.contains(",phq9-9,")).unwrap();
    assert!(item9.contains(&format!(",{PHQ},phq-9,1,")), "{item9}");
    // Each row carries its response's total, band and risk flag.
    assert!(
        item9.ends_with(",2,More than half the days,,10,Moderate,yes"),
        "{item9}"
    );
}

#[tokio::test]
async fn fhir_bundle_holds_questionnaires_and_the_responses_as_submitted() {
    let w = world().await;
    let t1 = with_answers(&w).await;
    let (status, kind, _, body) = get_text(
        &w.app,
        &format!("/therapist/clients/{}/export.fhir.json", w.client_a.0),
        Some(&t1),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/fhir+json");
    let bundle: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let resources: Vec<&Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .collect();
    let of = |t: &str| {
        resources
            .iter()
            .filter(|r| r["resourceType"] == t)
            .copied()
            .collect::<Vec<_>>()
    };
    let questionnaires = of("Questionnaire");
    assert_eq!(questionnaires.len(), 2);
    let phq_q = questionnaires
        .iter()
        .find(|q| q["url"] == "urn:ajar:questionnaire:phq-9")
        .unwrap();
    assert_eq!(phq_q["version"], "1");
    assert_eq!(phq_q["item"][8]["linkId"], "phq9-9");
    // LOINC: the panel, the item, the answer list, and the total as a read-only item.
    assert_eq!(phq_q["code"][0]["code"], "44249-1");
    assert_eq!(phq_q["item"][8]["code"][0]["code"], "44260-8");
    assert_eq!(
        phq_q["item"][8]["answerOption"][2]["valueCoding"],
        json!({ "system": "http://loinc.org", "code": "LA6570-1", "display": "More than half the days" })
    );
    let q_item = |id: &str| item_of(phq_q, id);
    assert_eq!(q_item("total")["code"][0]["code"], "44261-6");
    assert_eq!(q_item("total")["readOnly"], true);
    // The difficulty question has LOINC's own answers, not the frequency scale's.
    assert_eq!(q_item("phq9-difficulty")["code"][0]["code"], "69722-7");
    assert_eq!(
        q_item("phq9-difficulty")["answerOption"][3]["valueCoding"]["code"],
        "LA6574-3"
    );
    // Ajar's own check-in: its answer codes have a system of their own.
    let session_q = questionnaires
        .iter()
        .find(|q| q["url"] == "urn:ajar:questionnaire:ajar-session")
        .unwrap();
    let pace = item_of(session_q, "pace");
    assert_eq!(
        pace["answerOption"][0]["valueCoding"]["system"],
        "urn:ajar:questionnaire:ajar-session/answers"
    );

    let responses = of("QuestionnaireResponse");
    assert_eq!(responses.len(), 2);
    let phq = responses.iter().find(|r| r["id"] == PHQ).unwrap();
    assert_eq!(phq["questionnaire"], "urn:ajar:questionnaire:phq-9|1");
    assert_eq!(phq["status"], "completed");
    // References resolve inside the bundle: the subject is the Patient entry's fullUrl.
    let patient_url = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "Patient")
        .unwrap()["fullUrl"]
        .clone();
    assert!(patient_url.as_str().unwrap().starts_with("urn:uuid:"));
    assert_eq!(phq["subject"]["reference"], patient_url);
    let answers: Vec<(String, String)> = phq["item"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["linkId"] != "total")
        .map(|i| {
            (
                i["linkId"].as_str().unwrap().to_owned(),
                i["answer"][0]["valueCoding"]["code"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    let mut expected: Vec<(String, String)> = (1..=8)
        .map(|i| (format!("phq9-{i}"), "LA6569-3".to_owned()))
        .collect();
    expected.push(("phq9-9".into(), "LA6570-1".into()));
    assert_eq!(answers, expected);
    let total = item_of(phq, "total");
    assert_eq!(total["answer"][0]["valueInteger"], 10);
    // The risk answer is a Flag, active (nobody has acknowledged it), about this client.
    let flags = of("Flag");
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0]["status"], "active");
    assert_eq!(flags[0]["subject"]["reference"], patient_url);
    let session = responses.iter().find(|r| r["id"] == ID).unwrap();
    let item = |id: &str| item_of(session, id);
    assert_eq!(item("overall")["answer"][0], json!({ "valueInteger": 7 }));
    assert_eq!(
        item("note")["answer"][0],
        json!({ "valueString": "Said \"enough\", finally" })
    );
    assert_eq!(of("Patient").len(), 1);
}

#[tokio::test]
async fn exports_are_only_for_the_clients_own_therapist() {
    let w = world().await;
    with_answers(&w).await;
    let t2 = pair(&w.therapist_cookie("two@example.org").await);
    let a = pair(&w.client_cookie(&w.link_a).await);
    for path in [
        format!("/therapist/clients/{}/export.csv", w.client_a.0),
        format!("/therapist/clients/{}/export.fhir.json", w.client_a.0),
    ] {
        let (status, _, _, body) = get_text(&w.app, &path, Some(&t2)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body.contains("There is no such client."));
        assert_eq!(
            get_text(&w.app, &path, None).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            get_text(&w.app, &path, Some(&a)).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    // Therapist 2's whole-caseload export holds only their own client, who has no answers.
    let (status, _, _, body) = get_text(&w.app, "/therapist/export.csv", Some(&t2)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.lines().count(), 1, "header only: {body}");
}

#[tokio::test]
async fn a_client_page_and_the_figures_are_the_therapists_own() {
    let w = world().await;
    let t1 = with_answers(&w).await;
    let t2 = pair(&w.therapist_cookie("two@example.org").await);
    let path = format!("/therapist/clients/{}", w.client_a.0);
    let mine = w.call(Method::GET, &path, Some(&t1), None).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.body["summary"]["label"], "A");
    assert_eq!(mine.body["history"].as_array().unwrap().len(), 2);
    let theirs = w.call(Method::GET, &path, Some(&t2), None).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(
        w.call(Method::GET, "/therapist/clients/nope", Some(&t1), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.call(Method::GET, &path, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );

    let one = w
        .call(Method::GET, "/therapist/figures", Some(&t1), None)
        .await;
    assert_eq!(one.body["active_clients"], 1);
    assert_eq!(one.body["responded_30_days"], 1);
    let two = w
        .call(Method::GET, "/therapist/figures", Some(&t2), None)
        .await;
    assert_eq!(two.body["active_clients"], 1);
    assert_eq!(
        two.body["responded_30_days"], 0,
        "therapist 2 counts only their own client"
    );
}
