"""Glossary, participation levels and the officers' guide; their administration under /admin."""
from __future__ import annotations

import enum

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from ..admin.views import admin_required
from ..dialogues.models import DialogueKind, Level
from ..extensions import db
from ..markdown import render_markdown
from . import framework
from . import operations as ops
from . import queries as q
from .forms import SectionForm, TermForm
from .terms import slug_for

bp = Blueprint("guidance", __name__, template_folder="templates")

CATEGORY_TITLES = ("concept", "level", "proposal", "dialogue", "case", "assignment")


def _lang() -> str:
    return str(get_locale() or "sv")


@bp.app_template_global()
def glossary_link(value, label=None, classes: str = "") -> Markup:
    """A real link from a status, level or concept to its definition; the accessible name says where it leads.

    `value` is an enum member (its slug is derived, so no query) or a glossary slug.
    """
    slug = slug_for(value) if isinstance(value, enum.Enum) else value  # str enums are enums first
    text = label if label is not None else value.label
    href = url_for("guidance.glossary") + "#term-" + slug
    hint = _("(what it means)")
    cls = f' class="glossary-link {escape(classes)}"' if classes else ' class="glossary-link"'
    # Every piece of text below is escaped; the markup is ours.
    return Markup(f'<a{cls} href="{escape(href)}">{escape(text)}'  # nosec B704
                  f'<span class="visually-hidden"> {escape(hint)}</span></a>')


@bp.app_template_global()
def guide_link(slug: str, title: str) -> Markup:
    """A link from a form step to the guide section it needs."""
    href = url_for("guidance.guide") + "#guide-" + slug
    text = _("Guide: %(title)s", title=title)
    return Markup(f'<p class="guide-link"><a href="{escape(href)}">{escape(text)}</a></p>')  # nosec B704


bp.add_app_template_global(framework.promise, "level_promise")
bp.add_app_template_global(framework.hear_back, "level_hear_back")


@bp.route("/glossary")
def glossary():
    return render_template("guidance/glossary.html", terms=q.all_terms(), lang=_lang(),
                           categories=CATEGORY_TITLES)


@bp.route("/glossary/<slug>")
def term(slug):
    found = q.term(slug) or abort(404)
    return render_template("guidance/term.html", term=found, lang=_lang())


@bp.route("/participation/")
def participation():
    return render_template("guidance/participation.html", levels=list(Level), kinds=list(DialogueKind))


@bp.route("/participation/<level>")
def level(level):
    try:
        chosen = Level(level)
    except ValueError:
        abort(404)
    return render_template("guidance/level.html", level=chosen, levels=list(Level))


@bp.route("/guide")
def guide():
    lang = _lang()
    sections = [(s, s.current.title(lang), render_markdown(s.current.body(lang))) for s in q.guide_sections()]
    return render_template("guidance/guide.html", sections=sections)


# -- administration --------------------------------------------------------------------------

@bp.route("/admin/glossary")
@admin_required
def admin_glossary():
    return render_template("guidance/admin_glossary.html", terms=q.all_terms(), lang=_lang())


@bp.route("/admin/glossary/<term_slug>", methods=["GET", "POST"])
@admin_required
def admin_term(term_slug):
    found = q.term(term_slug) or abort(404)
    form = TermForm(obj=found if request.method == "GET" else None)
    if form.validate_on_submit():
        ops.save_term(current_user, found, form.data)
        db.session.commit()
        flash(_("The term is saved."), "success")
        return redirect(url_for("guidance.admin_glossary"))
    return render_template("admin/edit.html", form=form, title=_("Edit the term “%(term)s”", term=found.term(_lang())),
                           subtitle=None, back=url_for("guidance.admin_glossary"))


@bp.route("/admin/guide")
@admin_required
def admin_guide():
    return render_template("guidance/admin_guide.html", sections=q.guide_sections(), lang=_lang())


@bp.route("/admin/guide/<section_slug>", methods=["GET", "POST"])
@admin_required
def admin_section(section_slug):
    section = q.guide_section(section_slug) or abort(404)
    form = SectionForm(obj=section.current if request.method == "GET" else None)
    if form.validate_on_submit():
        version = ops.save_section(current_user, section, form.data)
        db.session.commit()
        flash(_("Version %(num)s of the guide section is saved.", num=version.number), "success")
        return redirect(url_for("guidance.admin_guide"))
    return render_template("admin/edit.html", form=form,
                           title=_("Edit the guide section “%(title)s”", title=section.current.title(_lang())),
                           subtitle=_("Saving creates a new version; the earlier versions stay in the history."),
                           back=url_for("guidance.admin_guide"))

