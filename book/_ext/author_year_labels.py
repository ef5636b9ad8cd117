"""Label the bibliography the way the text cites it: "[James et al., 2021]".

The chapters cite with sphinxcontrib-bibtex's author-year references, which
name one author ("Huber"), two ("Willmott and Matsuura") or the first of three
or more ("James et al."), then the year. pybtex's plain style labels its list
with numbers instead. This module registers a pybtex style, ``authoryear``, that
formats entries as the plain style does but labels each with the name and year
its citations show, sorted by author, year and title. Two works by the same
names in the same year get "a", "b", ... after the year, in the list and, since
the citations take their year from the label, in the text too.
"""

from collections import Counter

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import node


def _surname(person):
    """The name a citation shows: "von" part and last name, without LaTeX."""
    parts = person.rich_prelast_names + person.rich_last_names
    return " ".join(part.render_as("text") for part in parts)


def _names(entry):
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_surname(person) for person in persons]
    if not names:
        return entry.fields.get("title", entry.key)
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels such as "Huber, 1964" or "James et al., 2021"."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [f"{_names(e)}, {e.fields.get('year', 'n.d.')}" for e in entries]
        repeated = {label for label, n in Counter(labels).items() if n > 1}
        seen = Counter()
        for label in labels:
            if label in repeated:
                seen[label] += 1
                label += "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
            yield label


@node
def label_year(children, data):
    """The year as the entry's label shows it, "1810a" where two share "1810"."""
    assert not children
    return Text(data["formatted_entry"].label.rsplit(", ", 1)[-1])


class AuthorYearStyle(PlainStyle):
    """pybtex's plain entries with author-year labels, sorted by author and year."""

    default_label_style = "authoryear"
    default_sorting_style = "author_year_title"


def setup(app):
    # sphinxcontrib-bibtex's author-year citations read the year through this
    # module-level name; reading it from the label keeps the two in step.
    from sphinxcontrib.bibtex.style.referencing import basic_author_year

    basic_author_year.year = label_year
    register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabelStyle)
    register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
