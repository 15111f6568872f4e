"""The city profile: boards, districts and topics, loaded from the routing rule set."""
