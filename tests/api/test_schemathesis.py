"""Property-based tests of every API endpoint against the OpenAPI document: no 5xx, every response matches."""
import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES = 40


def test_every_endpoint_conforms_to_the_document(app, db, handled, walk, make_dialogue, officer, meeting_data):
    """Schemathesis generates requests for each operation in-process (WSGI) and runs all its checks."""
    from portal.dialogues import operations as dops
    walk(handled())
    dops.save_meeting(make_dialogue(state="feedback_published"), officer, meeting_data())
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate()

        check()
    assert len(labels) >= 9, labels
