"""News pages, the public feeds, and a person's personal feed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from diplomas.selectors import is_network_member
from fairtrade_portal.access import Who, access, refusal

from ..content import render_markdown
from ..models import NewsItem
from ..selectors import news as selectors
from ..services import news as services

PAGE_SIZE = 10
FEED_SIZE = 20


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _shown(item: NewsItem, language: str) -> dict:
    """What a list shows of an item, in the reader's language where it is translated."""
    shown_in = item.text_language(language)
    return {
        "item": item,
        "language": shown_in,
        "title": item.title_in(shown_in),
        "summary": item.summary_in(shown_in),
    }


def news_cards(items: list[NewsItem]) -> list[dict]:
    language = _language()
    return [_shown(item, language) for item in items]


@access(get=Who.PUBLIC, note="members-only items are listed only for the network's members")
def news_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.news_for(request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "network/news/list.html",
        {
            "page": page,
            "items": news_cards(page.object_list),
            "members": is_network_member(request.user),
        },
    )


@access(
    get=Who.PUBLIC,
    note="a public item is public; a members-only item applies the network rule (login for the "
    "anonymous, 403 for others) through access.refusal, the same check as Who.NETWORK",
)
def news_item(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.news_item(slug)
    if not item.is_public and (refused := refusal(request, Who.NETWORK)) is not None:
        return refused
    language = item.text_language(_language())
    return render(
        request,
        "network/news/item.html",
        {
            "item": item,
            "text_language": language,
            "title": item.title_in(language),
            "summary": item.summary_in(language),
            "html": render_markdown(item.body_in(language), id_prefix="news-").html,
            "image_alt": item.image_alt_in(language),
        },
    )


@access(get=Who.NOBODY, post=Who.USER)
def personal_feed_renew(request: HttpRequest) -> HttpResponse:
    had_one = hasattr(request.user, "personal_feed")
    services.personal_feed_renew(user=request.user)
    if had_one:
        messages.success(
            request, _("Your personal feed has a new address. The old address no longer works.")
        )
    else:
        messages.success(request, _("Your personal feed is ready. Add its address to your reader."))
    return redirect(reverse("profile") + "#personal-feed")


# --- feeds -------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


class PublicNewsFeed(Feed):
    """The public items, newest first, in the reader's language (``/en/…`` for English)."""

    feed_type = Rss201rev2Feed
    author_name = "Fairtrade Sverige"

    def title(self) -> str:
        return _("Fairtrade City – news")

    def description(self) -> str:
        return _("News from Fairtrade Sverige for the Fairtrade City and Fairtrade Region network.")

    def link(self) -> str:
        return _absolute(reverse("network:news"))

    def feed_url(self) -> str:
        name = "network:news_rss" if self.feed_type is Rss201rev2Feed else "network:news_atom"
        return _absolute(reverse(name))

    def members(self, obj) -> bool:
        return False

    def items(self, obj) -> list[NewsItem]:
        return list(selectors.published_news(members=self.members(obj))[:FEED_SIZE])

    def item_title(self, item: NewsItem) -> str:
        return item.title_in(item.text_language(_language()))

    def item_description(self, item: NewsItem) -> str:
        return item.summary_in(item.text_language(_language()))

    def item_link(self, item: NewsItem) -> str:
        return _absolute(item.get_absolute_url())

    def item_pubdate(self, item: NewsItem):
        return item.published_at

    def item_updateddate(self, item: NewsItem):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item: NewsItem):
        return [] if item.is_public else [_("For members")]


class PublicNewsAtomFeed(PublicNewsFeed):
    feed_type = Atom1Feed
    subtitle = PublicNewsFeed.description


class PersonalNewsFeed(PublicNewsAtomFeed):
    """A person's feed: the members-only items too, while they are a member of the network."""

    def get_object(self, request, token: str):
        return selectors.personal_feed_for_token(token)

    def title(self, obj) -> str:
        return _("Fairtrade City – news (your personal feed)")

    def feed_url(self, obj) -> str:
        return _absolute(reverse("network:news_personal", args=[obj.token]))

    def members(self, obj) -> bool:
        return is_network_member(obj.user)


news_rss = access(get=Who.PUBLIC)(PublicNewsFeed())
news_atom = access(get=Who.PUBLIC)(PublicNewsAtomFeed())
_personal = PersonalNewsFeed()


@access(
    get=Who.PUBLIC,
    note="for feed readers, which cannot log in: the secret token in the address is the "
    "credential (unknown or renewed: 404)",
)
def news_personal(request: HttpRequest, token: str) -> HttpResponse:
    response = _personal(request, token=token)
    # It may hold members-only news: never kept by a shared cache, never indexed.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response
