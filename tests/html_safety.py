"""What a browser would act on in a page: script-capable tags, handlers, dangerous URL schemes."""
from html.parser import HTMLParser

BAD_TAGS = {"script", "iframe", "svg", "object", "embed", "img", "style", "math", "base", "link", "meta"}


class _Scanner(HTMLParser):
    """Collects every element and attribute a browser would act on."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in BAD_TAGS and not (tag in ("script", "link", "meta", "img") and self._own_asset(tag, dict(attrs))):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                if scheme and scheme not in ("http", "https", "mailto"):
                    self.problems.append(f"{tag}[{name}={value}]")

    @staticmethod
    def _own_asset(tag, attrs):
        # The portal's own files: static assets and the city's identity (colours, logo, favicon).
        url = attrs.get("src") or attrs.get("href") or ""
        return url.startswith(("/static/", "/identity", "/favicon.ico")) or tag == "meta"


def assert_harmless(html):
    scanner = _Scanner()
    scanner.feed(html)
    assert scanner.problems == [], scanner.problems
