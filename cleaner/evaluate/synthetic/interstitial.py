"""Interstitial ads: an ad or link-bait line cutting a hard-wrapped paragraph mid-sentence."""

from __future__ import annotations

import random

from cleaner.evaluate.synthetic.layout import Column, render, set_column
from cleaner.evaluate.synthetic.text import pick

_AD_LEAD = ("", "", "【广告】", "▲ ", "↓↓↓ ", ">>> ", "（推广）")
AD_BODY = (
    "点击下方链接，领取新人专享红包",
    "扫码关注公众号，回复“福利”免费领取资料",
    "下载客户端，看更多精彩内容",
    "限时特惠：家用净水器一折起，点击抢购",
    "推荐阅读：这三个习惯正在悄悄伤害你的眼睛",
    "点击阅读原文，参与抽奖赢取新款手机",
    "长按识别二维码，加入读者交流群",
    "打开APP，解锁全部精彩内容",
)
_AD_TAIL = ("", "", ">>", " ↓↓↓", "！", "（广告）")


def ad_line(rng: random.Random) -> str:
    return rng.choice(_AD_LEAD) + rng.choice(AD_BODY) + rng.choice(_AD_TAIL)


def place_ads(col: Column, rng: random.Random) -> bool:
    """One or two ad lines after lines that end mid-sentence; False when there was no place.

    The places taken leave `col.mid`, so that no page break falls there too.
    """
    spots = pick(rng, col.mid, 0.0, at_least=2 if rng.random() < 0.3 else 1)
    for pi, li in spots:
        ad = ad_line(rng)
        col.pars[pi].after[li] = ["", ad, ""] if rng.random() < 0.6 else [ad]
    col.mid = [s for s in col.mid if s not in spots]
    return bool(spots)


def interstitial(text: str, rng: random.Random) -> str:
    """An ad/link-bait line cutting a hard-wrapped paragraph mid-sentence (never at its end)."""
    col = set_column(text, rng)
    placed = place_ads(col, rng)
    out = render(col, rng)
    return out if placed else text
