"""A small HTML reader for shell tests: elements with their attributes and text, no dependency."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    parent: "Element | None" = None
    children: list = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return " ".join(" ".join(parts).split())

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, cls: str | None = None, **attrs) -> list["Element"]:
        """Return descendants by tag, class and attributes (``data_testid`` means ``data-testid``)."""
        wanted = {key.replace("_", "-"): value for key, value in attrs.items()}
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes)
            and all(element.attrs.get(key) == value for key, value in wanted.items())
        ]

    def find(self, tag: str | None = None, **kwargs) -> "Element":
        found = self.find_all(tag, **kwargs)
        assert found, f"no <{tag or '*'}> with {kwargs}"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {key: value or "" for key, value in attrs}, self.current)
        self.current.children.append(element)
        if tag not in _VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, {key: value or "" for key, value in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        if data.strip():
            self.current.children.append(data)


def parse(html: str | bytes) -> Element:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def breadcrumbs(document: Element) -> list[tuple[str, str | None, bool]]:
    """Return the breadcrumb trail as (label, link or None, is current page)."""
    trail = document.find("nav", cls="sg-breadcrumbs")
    items = []
    for item in trail.find_all("li", cls="breadcrumb-item"):
        links = item.find_all("a")
        items.append(
            (item.text, links[0].attrs["href"] if links else None, item.attrs.get("aria-current") == "page")
        )
    return items


def nav_links(document: Element) -> dict[str, str]:
    """Return the header navigation as {label: href}."""
    menu = document.find("div", id="sg-nav")
    return {link.text: link.attrs["href"] for link in menu.find_all("a", cls="nav-link")}
