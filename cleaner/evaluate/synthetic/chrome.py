"""Site chrome: login, app and VIP prompts above the article, share bars and related lists below."""

from __future__ import annotations

import random

_TOP = (
    "打开APP",
    "未登录",
    "userphoto",
    "登录 | 注册",
    "登录后可同步阅读进度",
    "开通VIP，免广告畅读全站文章",
    "VIP会员限时5折，立即开通",
    "扫码关注，每天早上收到新闻早报",
    "下载客户端，阅读体验更佳",
    "0",
)
_BOTTOM = (
    "打开APP，查看完整内容",
    "打开APP，阅读全文并收藏",
    "分享 收藏 点赞 举报",
    "分享到：微信 微博 QQ空间",
    "收藏 | 转发 | 下载文章",
    "扫一扫，在手机上阅读本文",
    "VIP专享：畅听有声书等10项特权",
    "联系客服",
    "意见反馈",
    "0",
    "userphoto",
)
_DISCLAIMERS = (
    "本站仅提供信息存储空间服务，文章内容由用户上传，如有侵权请联系删除。",
    "本文内容由网友自发贡献，版权归原作者所有，本站不承担相关法律责任。",
    "声明：本平台仅提供存储服务，如发现违规内容，请点击举报。",
)
_RELATED = ("相关推荐", "猜你喜欢", "相关文章", "你可能还喜欢", "热门推荐")
_T_SUBJ = (
    "城市夜市", "老街茶馆", "乡村图书馆", "新能源汽车", "社区菜园", "高校食堂", "露营经济",
    "智能手表", "地铁早高峰", "旧书市场", "无人便利店", "博物馆夜场", "县城咖啡馆", "跨境网购",
)  # fmt: skip
_T_PRED = (
    "迎来新变化", "为什么越来越火", "背后的那些故事", "的五个冷知识", "年轻人怎么看",
    "还能火多久", "悄悄改变了生活", "正在被重新定义", "值得一看", "的未来在哪里",
)  # fmt: skip
_T_PRE = ("", "", "", "【热】", "独家：", "深度｜")
_T_POST = ("", "", "", "（附视频）", "（图）", "（内含数据）")


def _title(rng: random.Random) -> str:
    return rng.choice(_T_PRE) + rng.choice(_T_SUBJ) + rng.choice(_T_PRED) + rng.choice(_T_POST)


def chrome(text: str, rng: random.Random) -> str:
    """Site chrome above and below the article: login/app/VIP prompts, share bars, related list.

    Chrome blocks are set off by a blank line when the body itself uses blank lines (a wrapped
    layout), so a chrome line never sits inside a paragraph.
    """
    blank = "\n\n" in text
    top = rng.sample(_TOP, rng.randint(1, 4))
    bottom: list[str] = []
    if rng.random() < 0.7:
        bottom.append(rng.choice(_DISCLAIMERS))
    bottom += rng.sample(_BOTTOM, rng.randint(1, 3))
    if rng.random() < 0.8:
        titles: list[str] = []
        n_titles = rng.randint(3, 6)
        while len(titles) < n_titles:
            t = _title(rng)
            if t not in titles:
                titles.append(t)
        bottom += [rng.choice(_RELATED), *titles]
        if rng.random() < 0.5:
            bottom.append("更多相关文章 >>")
    bottom += rng.sample(_BOTTOM, rng.randint(0, 2))

    def join(lines: list[str]) -> str:
        return "".join(line + ("\n\n" if rng.random() < 0.3 else "\n") for line in lines)

    sep = "\n\n" if blank else rng.choice(("\n", "\n\n"))
    return join(top).rstrip("\n") + sep + text + sep + join(bottom).rstrip("\n")
