"""The web book: a strict build, then every page checked in headless Chromium.

The built site is served from 127.0.0.1; any request for another host fails the
tests. Every page is opened at the width of a phone (390 px) and of a laptop
(1280 px).
"""

import functools
import gzip
import html as html_module
import http.server
import json
import os
import re
import shutil
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
    "--no-default-browser-check",
]
CHAPTER = "book/what-is-mse.html"
PHONE, LAPTOP = 390, 1280
KB = 1000


def test_build_is_strict_and_clean(book_build):
    returncode, log, html = book_build
    assert returncode == 0, f"the strict build failed:\n{log[-5000:]}"
    assert "WARNING" not in log, f"the build printed warnings:\n{log[-5000:]}"
    assert (html / "index.html").is_file() and (html / CHAPTER).is_file()


def test_no_page_refers_to_an_outside_server(book_build):
    """Scripts, styles and images come from the site (links to papers are fine)."""
    html = book_build[2]
    pages = list(html.rglob("*.html"))
    assert pages
    loads = r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(https?:)?//[^"]*"'
    for page in pages:
        text = page.read_text()
        name = page.relative_to(html)
        assert not re.findall(loads, text), f"{name} loads something from outside"
        assert "unpkg.com" not in text and "cdn." not in text, f"{name} names a CDN"


@pytest.fixture(scope="module")
def site(book_build):
    """Serve the built book from 127.0.0.1; yield its base URL and folder."""
    html = book_build[2]
    if not (html / "index.html").is_file():
        pytest.fail("the book did not build, so there is nothing to serve")
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", html
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install Debian's chromium "
            "(make system-packages)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


class Visit:
    """One page in a fresh browser context that records errors and outside requests."""

    def __init__(self, browser, url, width=LAPTOP, scheme="light"):
        size = {"width": width, "height": 844 if width < 600 else 800}
        self.context = browser.new_context(viewport=size, color_scheme=scheme)
        self.outside, self.errors, self.responses = [], [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("response", self._response)
        self.page.goto(url, wait_until="load")

    def _route(self, route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.errors.append(message.text)

    def _response(self, response):
        self.responses.append(response)
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status} for {response.url}")

    def typeset_math(self):
        """Wait for MathJax; return (math elements, typeset ones, TeX errors)."""
        self.page.wait_for_load_state("networkidle")
        if self.page.evaluate("() => typeof window.MathJax === 'object'"):
            self.page.wait_for_function(
                "() => window.MathJax.startup && window.MathJax.startup.promise"
            )
            self.page.evaluate("() => window.MathJax.startup.promise")
        return self.page.evaluate(
            """() => [document.querySelectorAll('.math').length,
                      document.querySelectorAll('.math mjx-container').length,
                      document.querySelectorAll('mjx-merror').length]"""
        )

    def requested(self, word):
        return [r.url for r in self.responses if word in r.url]

    def compressed_bytes(self):
        """The bytes of every response so far, gzip-compressed as a host sends them."""
        bodies = (r.body() for r in self.responses if r.status == 200)
        return sum(len(gzip.compress(body)) for body in bodies)

    def close(self):
        self.context.close()


def _pages(html):
    """Every built page but the root's redirect to the landing page.

    The package's source code, which the API pages link to, is among them.
    """
    pages = (p.relative_to(html) for p in html.rglob("*.html"))
    return sorted(
        str(p)
        for p in pages
        if (not p.parts[0].startswith("_") or p.parts[0] == "_modules")
        and str(p) != "index.html"
    )


def _chapters(html):
    """The pages made from notebooks."""
    notebooks = sorted((html / "_sources" / "book").glob("*.ipynb"))
    return [f"book/{p.stem}.html" for p in notebooks]


# Elements wider than the screen must sit inside a box that scrolls sideways.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    // In a box that scrolls sideways, or clipped away (read by screen readers only).
    const contained = e => {
        for (let a = e; a && a !== document.body; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (a !== e && ['auto', 'scroll'].includes(style.overflowX)) return true;
            if (style.clip !== 'auto') return true;
        }
        return false;
    };
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (typeof e.className === 'string' && e.className.trim()
           ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
    const out = [];
    for (const e of document.body.querySelectorAll('*')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.left >= -1 && r.right <= width + 1) continue;
        if (!e.checkVisibility({visibilityProperty: true}) || contained(e)) continue;
        out.push(`${name(e)} from ${Math.round(r.left)} to ${Math.round(r.right)} px`);
    }
    return [document.documentElement.scrollWidth, width, out];
}"""


def _check_drawers(page, width):
    """Click the menu and Contents buttons; check what they open and close.

    Below 992 px both are drawers, closed by a click beside them; wider, the menu
    button hides and shows the sidebar. Return the buttons that were there.
    """
    checked = []
    if width < 992:
        drawers = [
            ("button.primary-toggle", "#pst-primary-sidebar-modal", width - 5),
            ("button.secondary-toggle", "#pst-secondary-sidebar-modal", 5),
        ]
        for button, dialog, beside in drawers:
            visible = page.locator(f"{button}:visible")
            if not visible.count():
                continue
            assert visible.count() == 1, f"{visible.count()} visible {button} buttons"
            is_open = f"() => document.querySelector('{dialog}').open"
            visible.click()
            page.wait_for_function(is_open, timeout=3000)
            assert page.locator(f"{dialog} a:visible").count(), f"{dialog} has no links"
            box = page.locator(dialog).bounding_box()
            assert box["x"] >= -1 and box["x"] + box["width"] <= width + 1, dialog
            page.mouse.click(beside, 400)
            page.wait_for_function(f"() => !({is_open})()", timeout=3000)
            checked.append(button)
    else:
        menu = page.locator("button.primary-toggle:visible")
        if menu.count():
            assert menu.count() == 1, f"{menu.count()} visible menu buttons"
            sidebar = page.locator("#pst-primary-sidebar")
            assert sidebar.is_visible()
            menu.click()
            sidebar.wait_for(state="hidden", timeout=3000)
            menu.click()
            sidebar.wait_for(state="visible", timeout=3000)
            checked.append("button.primary-toggle")
    return checked


RAW_TEXT = r"""() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('pre, code, script, mjx-assistive-mml')
        .forEach(e => e.remove());
    return [(body.innerText.match(/\\\(|\\\[|\$\$|\\frac|\\sum|\\hat/g) || []).length,
            (body.innerText.match(/\|\s*(-{3,}|\u2014)\s*\|/g) || []).length];
}"""
BROKEN_IMAGES = """() => Array.from(document.images)
    .filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"""


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_every_page_works_offline(site, browser, width):
    """Math typeset, images loaded, nothing wider than the screen, working menus."""
    base, html = site
    pages = _pages(html)
    assert CHAPTER in pages and "book/intro.html" in pages and "search.html" in pages
    assert "_modules/msebook/metrics.html" in pages and "book/api/metrics.html" in pages
    typeset_on, drawers_on = {}, {}
    for name in pages:
        visit = Visit(browser, base + name, width)
        try:
            math, typeset, tex_errors = visit.typeset_math()
            typeset_on[name] = typeset
            assert math == typeset, f"{name}: {math - typeset} of {math} not typeset"
            assert tex_errors == 0, f"{name}: MathJax reported {tex_errors} TeX errors"
            if not math:
                assert not visit.requested("mathjax"), f"{name}: MathJax for nothing"
            raw_tex, raw_tables = visit.page.evaluate(RAW_TEXT)
            assert raw_tex == 0, f"{name}: raw TeX is left on the page"
            assert raw_tables == 0, f"{name}: a Markdown table is shown as text"
            broken = visit.page.evaluate(BROKEN_IMAGES)
            assert not broken, f"{name}: images that did not load: {broken}"
            icon = visit.page.evaluate(
                "() => (document.querySelector('link[rel~=icon]') || {}).href"
            )
            assert icon and visit.page.request.get(icon).ok, f"{name}: no favicon"
            page_width, screen, sticking_out = visit.page.evaluate(OVERFLOW)
            assert page_width <= screen, f"{name}: {page_width} px wide on {screen} px"
            assert not sticking_out, (
                f"{name} at {width} px: {len(sticking_out)} elements stick out, "
                f"such as {sticking_out[:5]}"
            )
            if width < 992:
                assert not visit.page.locator(".btn-fullscreen-button:visible").count()
            drawers_on[name] = _check_drawers(visit.page, width)
            assert not visit.outside, f"{name}: asked other hosts: {visit.outside}"
            assert not visit.errors, f"{name}: console errors: {visit.errors}"
        finally:
            visit.close()
    assert typeset_on[CHAPTER] >= 30, "the chapter should show its formulas typeset"
    buttons = ["button.primary-toggle"]
    if width < 992:
        buttons.append("button.secondary-toggle")
    assert drawers_on[CHAPTER] == buttons, drawers_on[CHAPTER]


def test_the_root_leads_to_the_landing_page(site, browser):
    base, _ = site
    visit = Visit(browser, base)
    try:
        visit.page.wait_for_url("**/book/intro.html")
    finally:
        visit.close()


def test_landing_page_starts_the_reader(site, browser):
    """A start link to the first chapter, rendered part lists and the two downloads."""
    base, html = site
    visit = Visit(browser, base + "book/intro.html", PHONE)
    try:
        links = visit.page.evaluate(
            "() => Array.from(document.querySelectorAll('article a'),"
            " a => [a.innerText.trim(), a.href])"
        )
        lists = visit.page.locator("article dl").count()
        text = visit.page.locator("article").inner_text()
    finally:
        visit.close()
    start = [href for label, href in links if label.startswith("Start reading")]
    assert start == [base + CHAPTER], start
    assert lists >= 2, "the parts should be definition lists"
    assert not re.search(r"^\s*: ", text, re.M), "a definition list is shown as text"
    downloads = {href for _, href in links if "/downloads/" in href}
    assert downloads == {
        base + "downloads/msebook-0.1.0-py3-none-any.whl",
        base + "downloads/mse-book-notebooks.zip",
    }, downloads
    if (html / "downloads").is_dir():
        for href in downloads:
            assert (html / urlparse(href).path.lstrip("/")).is_file(), href
    assert base + "book/testing.html" in {href for _, href in links}


def test_pages_are_light(site, browser):
    """A chapter's first load is at most 1.5 MB compressed; the site at most 15 MB."""
    base, html = site
    chapters = _chapters(html)
    assert CHAPTER in chapters and len(chapters) >= 8
    weights = {}
    for name in chapters:
        visit = Visit(browser, base + name, PHONE)
        try:
            assert visit.typeset_math()[1] >= 1, f"{name} shows no typeset formula"
            weights[name] = visit.compressed_bytes()
        finally:
            visit.close()
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= 1500 * KB, (
        f"{heaviest} loads {weights[heaviest] / KB:.0f} kB compressed"
    )
    visit = Visit(browser, base + "book/intro.html", PHONE)
    try:
        visit.typeset_math()
        assert not visit.requested("mathjax"), visit.requested("mathjax")
        assert not visit.requested("searchindex"), "only search.html needs the index"
        assert visit.compressed_bytes() <= 250 * KB
    finally:
        visit.close()
    files = [
        p
        for p in html.rglob("*")
        if p.is_file() and p.relative_to(html).parts[0] != "downloads"
    ]
    total = sum(p.stat().st_size for p in files)
    assert total <= 15_000 * KB, f"the site is {total / KB / KB:.1f} MB"


def test_icons_show_in_dark_mode(site, browser):
    """The theme's icons are painted in the text colour, so they show on a dark page."""
    base, _ = site
    visit = Visit(browser, base + CHAPTER, PHONE, scheme="dark")
    try:
        visit.page.wait_for_load_state("networkidle")
        theme = visit.page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == "dark"
        icons = visit.page.evaluate(
            """() => Array.from(document.querySelectorAll('.fa-solid, .fas'))
                .filter(e => e.checkVisibility())
                .map(e => { const s = getComputedStyle(e, '::before');
                            return [s.maskImage || s.webkitMaskImage, s.backgroundColor,
                                    s.width]; })"""
        )
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert len(icons) >= 4
    for mask, colour, width in icons:
        assert mask.startswith('url("data:image/svg+xml'), mask
        assert width != "0px"
        red, green, blue = map(int, re.findall(r"\d+", colour)[:3])
        assert red + green + blue > 300, f"an icon is drawn in {colour} on a dark page"


def test_search_box_leads_to_results(site, browser):
    """The search box of a chapter opens the search page with results."""
    base, _ = site
    visit = Visit(browser, base + CHAPTER, PHONE)
    try:
        visit.page.locator("button.search-button:visible").first.click()
        field = visit.page.locator("#pst-search-dialog input[name=q]")
        field.fill("Legendre")
        field.press("Enter")
        visit.page.wait_for_url("**/search.html?q=Legendre*")
        visit.page.wait_for_selector("#search-results li a", timeout=15_000)
        assert not visit.outside and not visit.errors, (visit.outside, visit.errors)
    finally:
        visit.close()


def test_chapter_figures_have_captions_and_alt_text(site, browser):
    base, _ = site
    visit = Visit(browser, base + CHAPTER)
    try:
        figures = visit.page.evaluate(
            """() => Array.from(document.querySelectorAll('figure')).map(f => ({
                   alt: (f.querySelector('img') || {}).alt || '',
                   caption: (f.querySelector('figcaption') || {}).innerText || '',
                   width: (f.querySelector('img') || {}).naturalWidth || 0}))"""
        )
    finally:
        visit.close()
    assert len(figures) == 4
    for figure in figures:
        assert len(figure["alt"]) > 40 and len(figure["caption"]) > 40
        assert figure["width"] > 300


def test_chapter_offers_its_notebook_for_download(site, browser):
    base, _ = site
    visit = Visit(browser, base + CHAPTER)
    try:
        links = visit.page.evaluate(
            "() => Array.from(document.querySelectorAll('a[href$=\".ipynb\"]'))"
            ".map(a => a.href)"
        )
        assert links, "no download link to the chapter's .ipynb"
        response = visit.page.request.get(links[0])
        assert response.ok
        notebook = json.loads(response.text())
    finally:
        visit.close()
    assert notebook["nbformat"] == 4
    assert any(cell["cell_type"] == "code" for cell in notebook["cells"])


def test_exercise_solutions_are_folded(site, browser):
    base, _ = site
    visit = Visit(browser, base + CHAPTER)
    try:
        exercises = visit.page.locator(".exercise").count()
        folded = visit.page.evaluate(
            "() => document.querySelectorAll('details.solution, .solution.dropdown')"
            ".length"
        )
        visible_solution_code = visit.page.evaluate(
            """() => Array.from(document.querySelectorAll('details.solution'))
                          .filter(d => d.open).length"""
        )
    finally:
        visit.close()
    assert exercises >= 3
    assert folded >= exercises and visible_solution_code == 0


@pytest.mark.parametrize("word", ["outlier", "estimator", "Legendre"])
def test_search_finds_words_from_the_book(site, browser, word):
    base, _ = site
    visit = Visit(browser, f"{base}search.html?q={word}")
    try:
        visit.page.wait_for_selector("#search-results li a", timeout=15_000)
        hits = visit.page.evaluate(
            "() => Array.from(document.querySelectorAll('#search-results li a'))"
            ".map(a => a.href)"
        )
        assert not visit.outside and not visit.errors, (visit.outside, visit.errors)
    finally:
        visit.close()
    assert any("what-is-mse" in hit or "intro" in hit for hit in hits), hits


# The book's reference apparatus: bibliography, API pages, glossary, indexes.

ROOT = Path(__file__).resolve().parent.parent
CITATION = re.compile(r"(?:\{cite(?::[a-z]+)*\}|:cite(?::[a-z]+)*:)`([^`]+)`")


def _page_sources():
    """The text of every page the table of contents lists: Markdown and notebooks."""
    toc = (ROOT / "_toc.yml").read_text()
    names = re.findall(r"(?:root|file):\s*(\S+)", toc)
    texts = {}
    for name in names:
        for suffix in (".md", ".ipynb"):
            path = ROOT / (name + suffix)
            if path.is_file():
                text = path.read_text()
                if suffix == ".ipynb":
                    cells = json.loads(text)["cells"]
                    text = "\n".join("".join(cell["source"]) for cell in cells)
                texts[name] = text
    return texts


def _cited_keys():
    keys = set()
    for text in _page_sources().values():
        for group in CITATION.findall(text):
            keys.update(key.strip() for key in group.split(","))
    return keys - {""}


def _bib_keys():
    bib = (ROOT / "book" / "references.bib").read_text()
    return set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", bib, re.M))


def test_every_bibliography_entry_is_cited_and_every_citation_listed():
    pages = _page_sources()
    assert len(pages) >= 10 and "book/what-is-mse" in pages
    cited, listed = _cited_keys(), _bib_keys()
    assert len(cited) >= 20, sorted(cited)
    assert not listed - cited, f"entries cited nowhere: {sorted(listed - cited)}"
    assert not cited - listed, f"citations with no entry: {sorted(cited - listed)}"


def test_bibliography_entries_are_written_alike():
    """No LaTeX a reader would see; editions as "2nd"; page ranges with "--"."""
    bib = (ROOT / "book" / "references.bib").read_text()
    fields = dict.fromkeys(["edition", "pages", "note", "title", "journal"])
    for name in fields:
        fields[name] = re.findall(rf"^\s*{name}\s*=\s*\{{(.*)\}},?\s*$", bib, re.M)
    assert len(fields["pages"]) >= 30
    for value in fields["edition"]:
        assert re.fullmatch(r"\d+(st|nd|rd|th)", value), f"edition {value!r}"
    for value in fields["pages"]:
        # page numbers, roman ones for a book's front matter, or an article number
        page = r"(\d+|[ivxlc]+|[A-Za-z]\d+)"
        assert re.fullmatch(rf"{page}(--{page})?", value), f"pages {value!r}"
    for value in fields["note"] + fields["title"] + fields["journal"]:
        commands = set(re.findall(r"\\([a-zA-Z]+)", value)) - {"AA", "aa", "i"}
        assert not commands, f"LaTeX commands {commands} in {value!r}"


def _text(fragment):
    text = html_module.unescape(re.sub(r"<[^>]+>", "", fragment))
    return " ".join(text.split())


def test_bibliography_labels_are_the_citations(book_build):
    """Every citation in the text is, word for word, the label of its entry."""
    html = book_build[2]
    listing = (html / "book" / "bibliography.html").read_text()
    labels = {}
    for anchor, label in re.findall(
        r'<div class="citation" id="([^"]+)"[^>]*>\s*<span class="label">'
        r"(.*?</span>)</span>",
        listing,
        re.S,
    ):
        labels[anchor] = _text(label).strip("[]")
    assert len(labels) == len(_bib_keys()), labels
    for label in labels.values():
        assert re.fullmatch(r"[^\d\[\]]+, \d{4}[a-z]?", label), label
    checked = 0
    for page in _chapters(html) + ["book/intro.html"]:
        text = (html / page).read_text()
        for anchor, shown in re.findall(
            r'<a [^>]*href="bibliography.html#([^"]+)"[^>]*>(.*?)</a>', text
        ):
            shown = _text(shown)
            assert anchor in labels, f"{page}: {shown} links to no entry"
            # "[Huber, 1964]" links the label; "Huber [1964]" the name and the year.
            if "," in shown:
                assert shown == labels[anchor], (page, shown, labels[anchor])
                checked += 1
            else:
                assert shown in labels[anchor], (page, shown, labels[anchor])
    assert checked >= 40


API_MODULES = [
    "metrics",
    "streaming",
    "images",
    "models",
    "symbolic",
    "history",
    "evaluation",
    "exercises",
    "plotting",
    "notebook",
]


def test_api_has_a_page_per_module_with_a_table_and_source_links(book_build):
    html = book_build[2]
    toc = (ROOT / "_toc.yml").read_text()
    for module in API_MODULES:
        assert f"file: book/api/{module}\n" in toc, f"{module} is not in the toc"
        page = (html / "book" / "api" / f"{module}.html").read_text()
        documented = set(
            re.findall(r'<dt class="sig sig-object py" id="([^"]+)"', page)
        )
        assert documented, f"{module}: documents nothing"
        if module != "exercises":
            table = re.search(r'<table class="autosummary.*?</table>', page, re.S)
            assert table, f"{module}: no summary table"
            rows = re.findall(
                r'<a class="reference internal" href="#([^"]+)"', table.group()
            )
            assert len(rows) >= 1 and set(rows) <= documented, (module, rows)
            assert all(
                re.search(r"<td><p>\w", row)
                for row in re.findall(r"<tr.*?</tr>", table.group(), re.S)
            ), module
        entries = dict(
            re.findall(
                r'<dt class="sig sig-object py" id="([^"]+)">(.*?)</dt>', page, re.S
            )
        )
        callables = (
            rows
            if module != "exercises"
            else [name for name in entries if name.count(".") == 2]
        )
        assert callables, module
        for name in callables:
            source = re.search(
                r'href="([^"#]+)#[^"]*"><span class="viewcode-link">', entries[name]
            )
            assert source, f"{name} has no [source] link"
            target = (html / "book" / "api" / source.group(1)).resolve()
            assert target.is_file(), f"{module}: {source.group(1)} was not written"
            assert "_modules/msebook/" in target.as_posix()


def test_api_quick_start_gives_what_it_says():
    """Every line of the quick start with a "# value" comment computes that value."""
    import msebook  # noqa: F401  (the code below imports it itself)

    text = (ROOT / "book" / "api.md").read_text()
    assert "pip install" in text
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    namespace, checked = {}, 0
    for line in code.splitlines():
        statement, _, expected = line.partition("#")
        if expected.strip():
            assert repr(eval(statement, namespace)) == expected.strip(), line
            checked += 1
        elif statement.strip():
            exec(statement, namespace)
    assert checked >= 2


def test_api_lists_every_exercise_checker_with_its_chapter():
    from msebook import exercises

    checkers = {
        name
        for name, value in vars(exercises).items()
        if isinstance(value, exercises.Exercise)
    }
    page = (ROOT / "book" / "api" / "exercises.md").read_text()
    rows = re.findall(r"^\| `(\w+)` \| \{doc\}`\.\./([\w-]+)` \|", page, re.M)
    assert {name for name, _ in rows} == checkers
    for name, chapter in rows:
        notebook = (ROOT / "book" / f"{chapter}.ipynb").read_text()
        assert f"exercises.{name}" in notebook, f"{chapter} does not use {name}"


GLOSSARY_TERMS = [
    "risk",
    "loss",
    "bias",
    "variance",
    "MSE",
    "RMSE",
    "MAE",
    "BLUE",
    "residual",
    "leverage",
    "hat matrix",
    "proper scoring rule",
    "estimator",
    "unbiased",
    "consistent",
    "efficiency",
    "Fisher information",
    "sufficient statistic",
    "heteroscedasticity",
    "shrinkage",
    "regularisation",
    "Huber loss",
    "breakdown point",
    "PSNR",
    "SSIM",
]


def test_glossary_defines_the_terms_and_is_linked(book_build):
    html = book_build[2]
    page = (html / "book" / "glossary.html").read_text()
    entries = re.findall(r'<dt id="term-[^"]*">(.*?)<a class="headerlink"', page, re.S)
    terms = {_text(entry) for entry in entries}
    missing = [term for term in GLOSSARY_TERMS if term not in terms]
    assert not missing, f"not in the glossary: {missing}"
    definitions = re.findall(r"<dd><p>(.*?)</p>", page, re.S)
    assert len(definitions) >= 30 and all(len(_text(d)) > 40 for d in definitions)
    links = re.findall(r'href="([^"#]*)', page)
    assert "../genindex.html" in links and "../prf-prf.html" in links
    landing = (html / "book" / "intro.html").read_text()
    assert re.search(r'<article.*href="glossary.html"', landing, re.S), "not linked"
    sidebar = re.search(r'<nav class="[^"]*bd-docs-nav.*?</nav>', landing, re.S).group()
    assert 'href="glossary.html"' in sidebar, "not in the sidebar"
    index = (html / "genindex.html").read_text()
    assert "book/glossary.html#term-Huber-loss" in index


def test_proof_index_names_each_result_by_its_title(book_build):
    html = book_build[2]
    page = (html / "prf-prf.html").read_text()
    table = re.search(r'<table class="indextable.*?</table>', page, re.S).group()
    groups = [_text(g) for g in re.findall(r'<tr class="cap".*?</tr>', table, re.S)]
    names = [_text(n) for n in re.findall(r"<a [^>]*>(.*?)</a>", table, re.S)]
    assert "What is MSE?" in groups and len(names) >= 4, (groups, names)
    for name in names:
        assert not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", name), f"a raw label: {name}"
    labels = set(re.findall(r":label:\s*(\S+)", "\n".join(_page_sources().values())))
    shown = set(re.findall(r'href="book/[\w-]+\.html#([^"]+)"', table))
    proofs = {label for label in labels if label in shown}
    assert proofs, "the index links to no labelled result"


def test_repository_buttons_follow_the_address():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        from repository_links import BUTTONS, repository_buttons
    finally:
        sys.path.pop(0)
    for address, shown in [
        ("", False),
        ("  ", False),
        ("https://example.org/mse/book", True),
    ]:
        config = SimpleNamespace(
            html_theme_options={"repository_url": address, "repository_branch": "main"}
        )
        repository_buttons(None, config)
        options = config.html_theme_options
        assert all(options[button] is shown for button in BUTTONS), (address, options)
        assert bool(options.get("repository_url")) is shown


def test_without_an_address_no_page_links_to_a_repository(book_build):
    """No address is configured: no buttons, and the chrome links nowhere else."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    options = config["sphinx"]["config"]["html_theme_options"]
    if options.get("repository_url"):
        pytest.skip("a repository address is configured")
    html = book_build[2]
    for name in _pages(html):
        text = (html / name).read_text()
        for button in [
            "repository-button",
            "edit-page-button",
            "issues-button",
            "/edit/",
            "/issues/new",
        ]:
            assert button not in text, f"{name}: {button}"
        chrome = re.sub(r"<article.*?</article>", "", text, flags=re.S)
        outside = re.findall(r'<a [^>]*href="(https?:[^"]*)"', chrome)
        assert not outside, f"{name} links outside: {outside}"
