#!/usr/bin/env python3
"""Seeded benchmark corpus for renda and two peers (Hugo, Zola).

    python3 bench/corpus.py --stories N --out DIR [--seed S] [--only renda|hugo|zola]

writes one synthetic corpus as three sites that hold the same pages:

    DIR/renda   a renda site (site.yaml, content/ as in the editors' guide): the
                7 Jiangmen districts with 2-4 towns each, N Chinese stories
                (800-3,000 characters, headings, ~10% with a table, ~5% with a
                fenced code block), ~90% with an English translation, ~10% as
                bundles with a photo, ~30% with a case, 6 topics, 2 custom
                metrics, statistics 2014-2025
    DIR/hugo    a Hugo site (hand-written templates, no theme)
    DIR/zola    a Zola site (hand-written templates, no theme)

The peers' sites use renda's URL layout (Chinese at /, English at /en/): a home
page with the latest 20 stories, story lists of 20 a page, story, district and
topic pages, a statistics table, an about page, an Atom feed per language and
per district, a sitemap.

The Chinese text is made of sentence fragments stored in this file (taken from
the bundled site's own Chinese stories and pages), picked by the seed; the
English text is drawn from a fixed word list. The same --stories and --seed
give byte-identical trees, whatever else changes in the repository. Standard library
only. DIR is replaced whole: it must be empty, absent, or an earlier output of
this script (recognised by DIR/.gen-corpus).
"""

import argparse
import datetime as dt
import json
import random
import re
import shutil
import struct
import sys
import zlib
from pathlib import Path

MARKER = ".gen-corpus"

BASE_URL = "https://example.org/"
SITE_TITLE = {
    "zh": "江门人大 · 百千万工程",
    "en": "Jiangmen People's Congress: County, Town and Village Development",
}

# --------------------------------------------------------------------------
# Registries
# --------------------------------------------------------------------------

# slug, zh, en, kind, towns [(slug, zh, en)]
DISTRICTS = [
    ("pengjiang", "蓬江区", "Pengjiang", "district", [
        ("huanshi", "环市街道", "Huanshi Subdistrict"),
        ("baisha", "白沙街道", "Baisha Subdistrict"),
        ("duruan", "杜阮镇", "Duruan Town"),
        ("tangxia", "棠下镇", "Tangxia Town"),
    ]),
    ("jianghai", "江海区", "Jianghai", "district", [
        ("jiangnan", "江南街道", "Jiangnan Subdistrict"),
        ("waihai", "外海街道", "Waihai Subdistrict"),
        ("lile", "礼乐街道", "Lile Subdistrict"),
    ]),
    ("xinhui", "新会区", "Xinhui", "district", [
        ("huicheng", "会城街道", "Huicheng Subdistrict"),
        ("muzhou", "睦洲镇", "Muzhou Town"),
        ("siqian", "司前镇", "Siqian Town"),
        ("yamen", "崖门镇", "Yamen Town"),
    ]),
    ("taishan", "台山市", "Taishan", "county-level-city", [
        ("taicheng", "台城街道", "Taicheng Subdistrict"),
        ("sijiu", "四九镇", "Sijiu Town"),
        ("duanfen", "端芬镇", "Duanfen Town"),
    ]),
    ("kaiping", "开平市", "Kaiping", "county-level-city", [
        ("changsha", "长沙街道", "Changsha Subdistrict"),
        ("chikan", "赤坎镇", "Chikan Town"),
        ("tangkou", "塘口镇", "Tangkou Town"),
        ("baihe", "百合镇", "Baihe Town"),
    ]),
    ("heshan", "鹤山市", "Heshan", "county-level-city", [
        ("shaping", "沙坪街道", "Shaping Subdistrict"),
        ("gonghe", "共和镇", "Gonghe Town"),
    ]),
    ("enping", "恩平市", "Enping", "county-level-city", [
        ("encheng", "恩城街道", "Encheng Subdistrict"),
        ("shengtang", "圣堂镇", "Shengtang Town"),
        ("datian", "大田镇", "Datian Town"),
    ]),
]
DISTRICT_BY_SLUG = {d[0]: d for d in DISTRICTS}
CITY = ("city", "江门市（全市）", "Jiangmen (city-wide)")

# slug, zh, en, things [(slug, zh, en)]
TOPICS = [
    ("green", "绿美生态", "Greening", [
        ("forest", "人大代表林", "deputies' forest"),
        ("riverbank", "河岸绿化", "riverbank planting"),
        ("old-trees", "古树保护", "old tree protection"),
    ]),
    ("grid", "代表进站入网格", "Deputies in stations and grids", [
        ("station", "代表联络站接待", "liaison station reception"),
        ("grid-visit", "网格走访", "grid visits"),
        ("council", "代表议事会", "deputies' council"),
    ]),
    ("roads", "四好农村路", "Rural roads", [
        ("junction", "路口拓宽", "junction widening"),
        ("village-road", "村道修缮", "village road repair"),
        ("bridge", "便民桥", "footbridge"),
    ]),
    ("culture", "文旅融合", "Culture and tourism", [
        ("diaolou", "碉楼活化", "watchtower revival"),
        ("old-village", "古村保护", "old village conservation"),
        ("courtyard", "侨乡大院", "overseas-Chinese courtyard"),
    ]),
    ("oversight", "人大监督", "Oversight", [
        ("inspection", "专项督查", "special inspection"),
        ("budget", "预算审查", "budget review"),
        ("law-check", "执法检查", "law enforcement check"),
    ]),
    ("livelihood", "民生实事", "Livelihood projects", [
        ("drainage", "排水改造", "drainage upgrade"),
        ("canteen", "长者饭堂", "elderly canteen"),
        ("waste-station", "垃圾站改造", "waste station makeover"),
    ]),
]

BUILTIN_METRICS = [
    ("suggestions_collected", "收集意见建议", "Suggestions collected"),
    ("suggestions_resolved", "推动解决", "Suggestions resolved"),
    ("proposals", "形成代表建议", "Deputies' proposals"),
    ("funding_cny", "资金（元）", "Funding (CNY)"),
]
CUSTOM_METRICS = [
    ("forest_optimised_ha", "林分优化", "Forest stand improvement", "hectare"),
    ("grid_deputies", "进网格代表", "Deputies in grids", "count"),
]
METRIC_SLUGS = [m[0] for m in BUILTIN_METRICS] + [m[0] for m in CUSTOM_METRICS]
STAT_YEARS = list(range(2014, 2026))

STAGES = ["reported", "collected", "dispatched", "handled", "answered", "rated"]
STATUSES = ["reported", "in-progress", "resolved", "not-adopted"]
RATINGS = ["satisfied", "basically-satisfied", "dissatisfied"]

DEPUTIES = ["赵戈", "吴焕荣", "林晓燕", "陈志强", "黄丽华", "李建国", "梁文", "余慧",
            "关永康", "谭明", "司徒杰", "甄海", "区伟", "冯敏", "邓华", "伍家乐",
            "胡秀英", "钟立", "容少芬", "麦国强"]
CREDITS = ["周华东", "毕松杰", "高峰", "江门人大"]

# UI labels shared by the Hugo and Zola templates: key -> (zh, en)
LABELS = {
    "stories": ("故事", "Stories"),
    "all_stories": ("全部故事", "All stories"),
    "districts": ("区县", "Districts"),
    "topics": ("专题", "Topics"),
    "stats": ("统计", "Statistics"),
    "about": ("关于", "About"),
    "no_translation": ("本页没有其他语言版本", "This page has no other language version"),
    "read_in": ("其他语言", "Also in"),
    "deputies": ("人大代表", "Deputies"),
    "towns": ("镇街", "Towns"),
    "district": ("地区", "District"),
    "city": ("全市", "City-wide"),
    "case": ("群众诉求", "Case"),
    "status": ("状态", "Status"),
    "rating": ("评价结果", "Rating"),
    "funding": ("资金（元）", "Funding (CNY)"),
    "prev": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "source": ("来源", "Source"),
    "not_found": ("页面不存在", "Page not found"),
    "status_reported": ("已反映", "Reported"),
    "status_in-progress": ("办理中", "In progress"),
    "status_resolved": ("已解决", "Resolved"),
    "status_not-adopted": ("未采纳", "Not adopted"),
    "stage_reported": ("群众反映", "Raised by a resident"),
    "stage_collected": ("代表收集", "Taken up by a deputy"),
    "stage_dispatched": ("平台分办", "Assigned by the platform"),
    "stage_handled": ("部门处置", "Acted on by the department"),
    "stage_answered": ("结果反馈", "Result reported back"),
    "stage_rated": ("群众评价", "Rated by the resident"),
    "rating_satisfied": ("满意", "Satisfied"),
    "rating_basically-satisfied": ("基本满意", "Basically satisfied"),
    "rating_dissatisfied": ("不满意", "Dissatisfied"),
}
for _slug, _zh, _en in BUILTIN_METRICS:
    LABELS["m_" + _slug] = (_zh, _en)
for _slug, _zh, _en, _unit in CUSTOM_METRICS:
    LABELS["m_" + _slug] = (_zh, _en)

EN_WORDS = """
deputy deputies resident residents village villages town district city congress
committee station grid street road bridge drainage forest tree trees river bank
school canteen elderly project projects budget report review inspection law
suggestion suggestions proposal proposals funding department platform result
meeting council heritage tower courtyard tourism culture green planting repair
widening junction waste station upgrade service services community household
households family families market farm farmers water supply lighting lamp safety
typhoon flood season year month week people public local county level standing
work plan plans progress problem problems solution measure measures rule rules
visit visits visited listened asked raised collected assigned handled answered
rated resolved improved built repaired planted opened finished checked found
reported agreed promised followed helped supported funded organised recorded
new old small large main many several each every first second third last next
quickly carefully together openly directly finally again still also only more
the a an of to in on for with by from at and or but so as
""".split()
EN_FUNCTION = {"the", "a", "an", "of", "to", "in", "on", "for", "with", "by",
               "from", "at", "and", "or", "but", "so", "as"}

CODE_BLOCKS = [
    ("yaml", "case:\n  status: resolved\n  reported: 2023-03-22\n  collected: 2023-03-22\n"
             "  dispatched: 2023-04-10\n  funding_cny: 180000\n"),
    ("json", '{\n  "district": "jianghai",\n  "town": "lile",\n  "suggestions_collected": 140,\n'
             '  "suggestions_resolved": 96\n}\n'),
    ("python", "def resolved_share(collected, resolved):\n    if collected == 0:\n"
               "        return 0.0\n    return round(resolved / collected, 3)\n\n"
               "print(resolved_share(967, 660))\n"),
    ("bash", "curl -s https://example.org/data/stats.csv \\\n  | grep pengjiang \\\n"
             "  | cut -d, -f1,3,4\n"),
]

# --------------------------------------------------------------------------
# Text material
# --------------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
_STRIP = re.compile(r"[*#|`\[\]<>_~\\()（）]")


# Chinese sentence fragments, taken once from the bundled site's own stories and
# pages (content/), so that the corpus does not change when they are edited.
# `--text-from DIR` takes fragments from other Markdown instead.
FRAGMENTS = [
    "报道全市各级人大和五级人大代表参与百千万工程的情况", "百千万工程全称百县千镇万村高质量发展工程",
    "是广东省推动县域", "镇域和乡村高质量发展", "促进城乡区域协调发展的重大部署", "在江门",
    "这项工作包括推动县域高质量发展", "强化镇域联城带村的节点功能", "建设宜居宜业和美乡村",
    "统筹推进城乡融合发展等方面", "人大参与百千万工程", "主要通过四条途径", "推动人大代表进站入网格",
    "服务基层治理", "强化人大监督", "提升城乡品质", "抓实民生实事项目", "开展调查研究",
    "服务科学决策", "人大代表履职和人大监督的具体事例", "按区市", "镇街和专题分类",
    "群众反映的具体问题", "从群众反映到群众评价六个环节逐一记录进度", "按区市和时期整理的数据",
    "每一个数字都注明出处", "开放数据", "全部统计记录和个案可以下载data/stats.csv",
    "每个区市都有订阅源", "江门市辖蓬江区", "江海区", "新会区三个区", "代管台山市", "开平市",
    "鹤山市", "恩平市四个县级市", "本站为每个区市设有专页", "本站以中文为原文", "英文为译文",
    "尚未翻译的页面会显示中文原文", "并注明暂无译文", "数据如何整理", "数字代表什么", "请见方法说明页",
    "本期所有故事和统计数据", "毕松杰", "高峰整理", "该报道发表于2024年", "文中的去年指2023年",
    "统计数据按时期存放", "content/stats/2023.yaml 收录2023年的数字",
    "content/stats/2024.yaml 收录截至报道时的累计数",
    "网站上每一个数字都标明它来自哪个数据文件", "哪个时期以及原始出处", "整理时遵循以下原则",
    "只收录确切数字", "报道中的约数", "如约1.33公顷上千棵树苗30余场次座谈会80余份数据",
    "只写在故事正文中", "不进入统计", "不是统计量的数字只写在正文", "例如各级代表到网格履职的频次",
    "代表的8项服务", "人大代表约见市长活动已连续举行30年", "四九镇代表一年5次到现场监督",
    "睦洲镇修整4棵大树等", "跨年度累计数单独标注", "例如2019年以来票决产生的民生实事",
    "记入2024年", "并在活动名称中写明2019年以来累计", "未注明年度的成效单列", "报道列出的新增学位",
    "食用农产品快检", "保障性租赁住房等成效没有注明对应年度", "本站把它们作为截至2024年报道的成效单独成条",
    "不与累计数混同", "不推算", "不补数", "报道只给出全市数字的", "本站不会把它拆分到各区市",
    "报道只给出某个区市数字的", "也不会据此推算全市数字", "标为全市的数字",
    "是原始出处对全市整体情况的表述", "网站同时会把各区市的记录相加", "但这个和始终标为各区市记录合计",
    "不会当作全市数字展示", "两者可能不同", "因为并非每个区市都有对应数字",
    "2023年镇域专项督查覆盖新会区3个镇街和开平市12个镇街", "合计15个", "这是两条区市记录之和",
    "报道对全市只给出了典型案例和共性问题的数字", "某个区市在某一时期没有数据时", "其页面会明确说明暂无数据",
    "而不是显示为零", "本期鹤山市和恩平市没有统计数据", "内置指标", "自定义指标", "数字按语言习惯显示",
    "中文如121.67亿元18万元3460公顷",
    "英文如CNY 12.17 billionCNY 180,0003,460 ha",
    "个案指一位或几位群众反映的具体问题",
    "本站按群众反映—代表收集—平台分办—部门处置—结果反馈—群众评价六个环节记录进度", "群众反映",
    "群众向人大代表", "联络站或网格提出问题的日期", "代表收集", "人大代表接收", "记录这一问题的日期",
    "平台分办", "问题经平台转交给负责部门或列入相应项目的日期", "部门处置", "负责部门完成处置的日期",
    "结果反馈", "处理结果告知群众的日期", "群众评价", "群众对结果作出评价的日期", "评价分为满意",
    "基本满意", "不满意", "个案状态分为", "已反映", "办理中", "已解决", "未采纳",
    "环节日期只会向后推进", "前一个环节没有日期时", "后一个环节不标注日期",
    "原始出处没有给出确切日期的环节", "要么不标注", "要么由编辑按报道所述进度估计并在故事正文中说明",
    "文苑社区排水改造一案中", "3月22日以后各环节的日期为编辑估计", "睦洲镇大树一案则不标注任何日期",
    "镇是联结城市和乡村的节点", "也是百千万工程的关键一环", "2023年7月至9月",
    "市人大常委会机关组建工作专班", "对全市镇域推进百千万工程的情况开展专项督查", "专班深入上述镇街",
    "实地了解各地推进百千万工程的做法和遇到的困难", "通过督查", "专班总结提炼出9个典型案例",
    "同时发现3大方面共11类共性问题", "并针对这些问题提出了相应的意见建议", "督查报告已报送市委",
    "实施百千万工程以来", "市人大常委会围绕市委中心工作和群众急难愁盼的问题创新监督方式",
    "落实小切口深调研回头看抓落实的工作机制", "选题切口要小", "调研要深入", "对已经提出的问题和建议",
    "还要回过头来检查落实情况", "这次镇域专项督查", "就是这一机制的一次实践",
    "绿美江门是城乡品质的一张硬名片", "也关系到江门实施百千万工程的底色", "2023年",
    "市人大常委会机关专门组建工作专班", "对全市推进绿美江门生态建设的情况开展专项督查",
    "专班在督查中共发现问题22项", "并针对性地提出整改建议36条", "镇三级人大的推动下",
    "江门2023年完成林分优化3460公顷", "森林抚育3613公顷", "均超额完成年度任务",
    "为高质量发展筑牢生态支撑", "林分优化是对树种单一", "质量不高的林地进行改造", "调整树种结构",
    "森林抚育则是通过间伐", "修枝等措施", "改善林木的生长条件", "督查之外",
    "并以此为主题开展了人大代表约见市长活动", "市人大常委会围绕推进绿美江门生态建设这一主题",
    "组织全市五级人大代表开展了为期一个月的代表主题活动", "活动期间", "代表们依托联络站和网格广泛听取群众意见",
    "在推动解决一批群众身边问题的同时", "代表们还把收集到的意见梳理成232件代表建议", "交由有关方面研究办理",
    "人大代表约见市长活动连续第30年举行", "主题同样是推进绿美江门生态建设", "人大代表与市长面对面交流",
    "就如何推进全市绿化和生态建设提出意见和建议", "深入实施百千万工程", "要回答的往往不止一个问题",
    "调查研究是找到答案的基本功", "2023年以来", "市人大常委会坚持问题导向和结果导向",
    "深入基层开展调查研究", "推动调研成果转化为决策依据", "市人大常委会围绕市委工作重点",
    "把调查研究放到全市改革发展大局中谋划", "共组织7个调研组深入基层", "一线和现场",
    "调研形成的报告涉及以下方面", "精准施策", "助推五大提升行动高质量发展", "建设制造强市",
    "司法提升行动", "推进人大代表联络站建设", "普通高中和中等职业学校高质量发展", "这些选题",
    "兼顾了市委所需", "人大所能和百姓所盼", "市人大常委会党组副书记", "副主任易中强多次带队到定点联系的区",
    "镇调研百千万工程实施情况", "他强调", "要打造更多了解民情", "倾听民意",
    "化解民忧的地方人大工作品牌", "引导群众积极投身百千万工程", "为县镇村可持续发展贡献人大力量",
    "市人大常委会其他领导也分别到定点联系的县市", "区和镇走访调研", "为各地实施百千万工程出谋划策",
    "鹤山市人大常委会在全市推行人大代表三联双到通网格工作模式", "引导人大代表依托原选区进驻代表联络站",
    "走进所在网格", "把联系服务选民和参与基层治理合二为一", "这一做法得到广东省人大充分肯定",
    "目前已在江门全市推广", "这一模式也被称为321工作模式", "三个数字各有所指", "建立人大代表联系镇街",
    "联系村社区", "联系选区选民的工作机制", "代表既到人大代表联络站", "也到选区所属网格",
    "两处共同构成代表服务群众的平台", "通网格", "打通代表履职融入网格管理服务的渠道",
    "让代表履职与基层治理真正衔接起来", "鹤山市要求市", "镇三级人大代表按照选区划分和居住地就近原则进入网格",
    "驻点听取基层意见", "到网格里为群众办实事", "据鹤山市人大常委会相关负责人介绍",
    "不同层级代表到联络站和所在网格履职服务的频次分别是", "进入网格后", "代表重点参与8项服务",
    "参与机制建设", "开展组织活动", "收集社情民意", "开展普法工作", "建立村规民约", "开展培育扶持",
    "提供公共服务", "参与志愿服务", "为了让群众的诉求不石沉大海",
    "鹤山市还把问题的受理和办理过程绘成事件处理流程图", "力求群众反映的每一件事都有回音", "每一个问题都有答复",
    "年以来", "江门市在总结鹤山经验的基础上", "推动全市五级人大代表进站入网格全覆盖",
    "江门市在总结推广鹤山市人大代表三联双到通网格经验的基础上", "从全国人大代表到镇人大代表",
    "五级代表都被纳入进站入网格的范围", "进网格", "不只是挂个名", "按照全市部署", "人大代表要全过程",
    "全方位服务", "支持和融入网格化管理", "先摸清社情民意", "再把信息反馈给有关方面",
    "参与志愿服务之后", "还要跟进问题的后续办理", "既依法履行代表职务", "也以志愿者身份为群众服务",
    "市人大常委会有关负责人介绍", "这项工作的出发点", "是发挥人大代表来自基层", "扎根群众的优势",
    "把选民选出来的代表放到基层治理第一线", "使之成为基层治理和乡村振兴的重要力量",
    "推动人大制度优势更好地转化为基层治理效能", "助力百千万工程向纵深推进", "在这位负责人看来",
    "进站入网格的意义在于形成良性循环", "选民群众信任人大代表", "人大代表切实为选民群众排忧解难",
    "基层治理和基层民主在这一循环中相互促进", "对代表自身而言", "进站入网格拉近了与选民的距离",
    "也增强了责任意识和履职意识", "对全市而言", "联络站和网格为五级人大代表高质量履职提供了重要载体",
    "新会区会城街道的六步工作机制", "台山市台城街道的周四直联日", "新会区睦洲镇代表在台风前处置危树",
    "都是这一工作在各地的具体实践", "村是百千万工程的塔基", "也是人大参与百千万工程的着力点之一",
    "蓬江区人大常委会围绕村集体经济", "开展了一次跨度5个月的专题调研", "调研组一方面走出去",
    "学习佛山市南海区桂城街道等先进地区发展村集体经济的思路和做法", "另一方面沉下去", "用解剖麻雀的方式",
    "逐村了解村集体经济发展遇到的困难", "听取各方意见", "调研最终形成一份包含12大类", "98个问题的清单",
    "蓬江区人大常委会把清单点对点同步转交有关政府职能部门", "共同研究解决办法", "并对重点村民逐一作出回复",
    "从了解需求", "深入调研", "到商量对策", "当面回复", "形成了一个完整的闭环",
    "新会区会城街道把人大代表", "代表联络站和网格三者连在一起", "构建起人大代表+联络站+网格的基层治理模式",
    "群众的一件诉求", "从提出到办结", "要依次走完六个环节", "六个环节首尾相连", "群众既是问题的提出者",
    "也是办理结果的评判者", "本站记录的个案例如江海区礼乐街道文苑社区的排水改造正是按照这六个环节标注进度",
    "每个环节发生的日期都单独记录", "日期只会向后推进", "前一环节没有日期时", "后一环节也不标注",
    "会城街道的做法", "是全市推进人大代表进站入网格的一个缩影", "鹤山市推行三联双到通网格并绘制事件处理流程图",
    "台山市台城街道结合每周四直联日让代表化身网格员", "各地都在探索让群众诉求件件有着落的办法", "台风来袭前夕",
    "新会区睦洲镇一个村的微信群里出现了一条求助消息", "一位村民说", "自家旁边的一棵大树出现了发霉迹象",
    "担心台风天被吹倒", "压到房屋", "看到消息后", "睦洲镇人大代表吴焕荣马上赶到现场查看",
    "经过实地分析研判", "并与村民充分商量", "他决定把存在安全隐患的树木锯掉",
    "随即紧急召集网格小组成员一起动手", "大家合力把4棵问题大树修整完毕", "险情得以排除",
    "从群众在群里反映", "到代表到场研判", "组织处置", "环节不多", "反应很快",
    "人大代表进站入网格以后", "代表就在群众的微信群里", "就在网格小组之中",
    "群众的担心能第一时间被代表看到", "代表也能直接调动网格力量处理", "江门各地通过人大代表进站入网格倾听民声",
    "找准问题", "对症施策", "类似的代表履职故事不断出现", "本站依据的报道没有写明这次台风和处置的具体日期",
    "因此本案只记录办理结果已解决", "不标注各环节日期", "在台山市台城街道", "每周四是直联日", "这一天",
    "人大代表化身网格员", "走进自己所在的网格", "和居民面对面交流", "为了让居民找得到代表",
    "台城街道印制了人大代表进站服务卡", "把代表的联系方式公开出来", "代表们主动亮明身份",
    "居民有事可以直接联系", "依托每周四直联日", "台城街道把人大代表进网格从一次次活动变成了固定安排",
    "推动代表进网格工作常态化开展", "这一做法与新会区会城街道的人大代表+联络站+网格",
    "鹤山市的三联双到通网格一样", "都是江门推动全市五级人大代表进站入网格", "为百千万工程固本强基的具体探索",
    "台山市端芬镇人大日前在梅家大院举行人大代表议事会", "议题聚焦促进文化和旅游融合发展",
    "为推进百千万工程出主意", "想办法", "梅家大院是端芬镇由旅外华侨兴建的骑楼建筑群",
    "是台山侨乡文化的代表性景点之一", "把议事会放在这里召开", "代表们可以在现场边看边议",
    "讨论如何让侨乡的历史建筑和文化资源更好地服务当地发展", "在镇一级", "人大代表议事会是代表集中听取群众意见",
    "商议地方事务的平台", "近年来", "江门各地推动人大代表进站入网格", "走进群众身边", "议事会",
    "联络站和网格一起", "为代表了解民情", "反映民意提供了渠道",
    "本站所依据的报道只以图片说明的形式记录了这次议事会", "没有披露会议的具体议程和结论",
    "后续如有相关建议的办理进展", "本站将补充报道", "过去一年", "台山市四九镇上湖路口一带变了模样",
    "转弯处重新拓宽", "路面铺上沥青", "交通标识清晰醒目", "这个以往事故多发的路口", "行车安全明显好转",
    "离路口不远", "曾经气味难闻的垃圾站也改造成了七彩驿站", "成为来往游客歇脚的地方",
    "为乡村文旅发展添了一处新节点", "路口的改观离不开人大代表的持续推动", "4年间",
    "当地人大代表围绕这一路段先后3次提出建议", "开展8场实地走访调研", "改造启动后",
    "代表们又担任义务监督员", "一年之内5次到现场履职", "全程参与道路监管",
    "用心把这条路修成群众满意的民心路和出行放心的安全路", "一条四好农村路", "既让乡村振兴跑得更快",
    "也把人大代表和群众的心连得更紧", "城乡品质是高质量发展的重要承载",
    "市人大常委会围绕百千万工程的目标任务和短板问题", "从推动县域高质量发展",
    "统筹推进城乡融合发展等方面持续开展刚性监督", "四九镇的这段路",
    "是人大监督和代表履职在镇村一级落地的一个缩影", "江门在全省率先实行市十件民生实事项目人大代表票决制",
    "每年办哪些民生实事", "由人大代表投票决定", "到目前为止", "市本级共票决产生市十件民生实事60件",
    "包含187个项目", "累计安排资金121.67亿元", "连续六年", "医疗卫生服务", "食品药品安全",
    "创业就业", "底线民生保障", "农业农村建设等群众关注度高", "问题相对集中的领域",
    "都有项目被票决纳入", "报道没有说明上述成效分别对应哪一年度的项目",
    "本站统计中将其作为截至2024年报道的成效单列", "不与2019年以来的累计数混同", "一件件民生实事",
    "把群众身边的难点变成了亮点", "市人大常委会始终把服务群众", "改善民生作为参与百千万工程的出发点和落脚点",
    "践行全过程人民民主", "推动解决突出的民生问题", "年3月22日",
    "江海区礼乐街道文苑社区人大代表联络站举行接待活动", "居民们把心里的民生问题摆到桌面上", "其中说得最多的",
    "是排水", "有居民向代表说明", "他们住的是老旧小区", "近几年社区里排水堵塞的情况时有发生",
    "现场接待的人大代表把居民反映的情况记录下来", "随后向市人大常委会提交了相关建议",
    "这项排水改造后来被列入2023年第一批民生微实事项目", "获得18万元资金支持",
    "改造工程已全部完成并通过验收", "投入使用", "报道明确给出的日期只有2023年3月22日接待当天",
    "平台分办部门处置结果反馈三个环节的日期", "是编辑根据报道所述进度估计的", "待联络站和项目台账核实后更新",
    "群众评价环节暂未记录", "市人大常委会再度开展民生微实事工作", "微实事的做法是", "代表提出",
    "为群众办理", "人大跟踪监督", "群众身边那些事情不大", "办起来却不容易", "又很急的问题",
    "由此有了一条快车道", "两年来", "从一盏路灯", "到一座小桥", "再到一段道路",
    "一大批群众身边的关键小事得到解决", "江海区礼乐街道文苑社区的排水改造就是其中一例",
    "居民在2023年3月22日的代表接待活动中反映排水堵塞", "改造随后列入2023年第一批微实事项目",
    "如今已经完工验收", "市人大常委会依托人大代表联络站和代表主题活动",
    "进一步拓宽全市五级人大代表联系群众的渠道", "推进一批受益面广", "群众感受度高", "诉求迫切",
    "可操作性强的民生实事项目", "在推动高质量发展中增进民生福祉", "月12日",
    "市人大常委会在蓬江区龙舟山护林站组织开展人大代表林植树活动", "参加活动的人大代表分头领取锄头",
    "水桶和树苗", "现场气氛热烈", "经过约两个小时的劳动", "首期约1.33公顷的人大代表林种植完成",
    "这次栽下的树种包括铁冬青", "山乌桕", "紫花风铃木和具翼龙脑香", "上千棵树苗整齐排列", "迎风挺立",
    "这片林地位于江门大道龙舟山隧道的正上方", "江门大道是城市交通的主干道", "今后司机驶过隧道口时",
    "抬头就能看到这片逐渐长高的人大代表林", "市人大代表", "鹤山市建筑设计院有限公司董事赵戈在活动中谈到",
    "植树造林", "绿化家园关系到千家万户", "也惠及子孙后代", "是每个公民应尽的义务", "在他看来",
    "植树既是建设绿美江门的重要举措", "也是落实双碳战略的具体行动", "关键在于从身边做起", "转变观念",
    "他希望今后多组织类似的植树活动", "让更多人真正重视并参与进来", "今年以来",
    "市人大常委会集中开展绿美江门·人大代表在行动主题活动", "组织全市五级人大代表带头领绿",
    "带头参与树木的认捐", "以代表的示范带动全社会参与绿美建设", "市人大常委会相关负责人表示",
    "今年将继续围绕绿美广东生态建设", "把推进绿美江门生态建设贯穿全年代表工作",
    "让更多人大代表林在侨乡大地生根成长", "同时发挥代表的示范作用", "带动群众爱树", "共同建设城在林中",
    "路在绿中", "房在园中", "人在景中的绿美侨乡",
]


def chinese_sources(root):
    """The Chinese Markdown files under root (no .en.md), in a fixed order."""
    files = sorted(p for p in Path(root).rglob("*.md")
                   if not re.search(r"\.[a-z]{2}(-[a-z]+)?\.md$", p.name))
    if not files:
        sys.exit(f"corpus.py: no Chinese Markdown files under {root} (pass --text-from DIR)")
    return files


def strip_front_matter(text):
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end >= 0:
            return text[text.find("\n", end + 1) + 1:]
    return text


def load_clauses(root):
    """Unique sentence fragments (3-40 characters) of the Chinese sources."""
    out, seen = [], set()
    for path in chinese_sources(root):
        body = strip_front_matter(path.read_text(encoding="utf-8"))
        body = re.sub(r"```.*?```", "", body, flags=re.S)
        body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)   # a link keeps its text
        paras = []
        for line in body.splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "|", "!", "<", "{")):
                continue
            paras.append(line.lstrip("-*> 0123456789.").strip())
        for c in re.split(r"[，。；！？：、]|……", "".join(paras)):
            c = _STRIP.sub("", c).replace("“", "").replace("”", "").strip().strip("—").strip()
            if 3 <= len(c) <= 40 and _CJK.search(c) and c not in seen:
                seen.add(c)
                out.append(c)
    if len(out) < 50:
        sys.exit(f"corpus.py: too few sentence fragments under {root}")
    return out


class Text:
    def __init__(self, rng, clauses):
        self.rng = rng
        self.clauses = clauses
        self.short = [c for c in clauses if 4 <= len(c) <= 16]

    def zh_sentence(self):
        r = self.rng
        k = r.randint(2, 4)
        return "，".join(r.choice(self.clauses) for _ in range(k)) + "。"

    def zh_paragraph(self):
        return "".join(self.zh_sentence() for _ in range(self.rng.randint(2, 5)))

    def zh_summary(self):
        r = self.rng
        return "，".join(r.choice(self.short) for _ in range(2)) + "。"

    def en_sentence(self, lo=8, hi=18):
        r = self.rng
        words = [r.choice(EN_WORDS) for _ in range(r.randint(lo, hi))]
        s = " ".join(words)
        return s[0].upper() + s[1:] + "."

    def en_paragraph(self):
        return " ".join(self.en_sentence() for _ in range(self.rng.randint(3, 6)))

    def en_heading(self):
        r = self.rng
        words = [w for w in (r.choice(EN_WORDS) for _ in range(6)) if w not in EN_FUNCTION][:3]
        return " ".join(w.capitalize() for w in words) or "Notes"


def zh_table(rng):
    rows = rng.randint(4, 8)
    out = ["| 镇街 | 收集意见 | 推动解决 | 完成率 |", "| --- | ---: | ---: | ---: |"]
    en = ["| Town | Collected | Resolved | Share |", "| --- | ---: | ---: | ---: |"]
    for _ in range(rows):
        d = rng.choice(DISTRICTS)
        t = rng.choice(d[4])
        c = rng.randint(20, 300)
        s = rng.randint(c // 3, c)
        pct = f"{100 * s // c}%"
        out.append(f"| {t[1]} | {c} | {s} | {pct} |")
        en.append(f"| {t[2]} | {c} | {s} | {pct} |")
    return "\n".join(out), "\n".join(en)


def build_bodies(rng, text, want_table, want_code):
    """Return (zh_body, en_body) markdown strings."""
    target = rng.randint(800, 2700)          # Chinese characters (CJK ideographs)
    zh_paras, n = [], 0
    while n < target:
        p = text.zh_paragraph()
        zh_paras.append(p)
        n += len(_CJK.findall(p))
    en_target = int(target * 0.45)           # English words
    en_paras, n = [], 0
    while n < en_target:
        p = text.en_paragraph()
        en_paras.append(p)
        n += p.count(" ") + 1
    zh_blocks, en_blocks = [], []
    every = rng.randint(3, 5)
    for i, p in enumerate(zh_paras):
        if i and i % every == 0:
            zh_blocks.append("## " + rng.choice(text.short))
        zh_blocks.append(p)
    for i, p in enumerate(en_paras):
        if i and i % every == 0:
            en_blocks.append("## " + text.en_heading())
        en_blocks.append(p)
    if want_table:
        tz, te = zh_table(rng)
        zh_blocks.insert(rng.randint(1, len(zh_blocks)), tz)
        en_blocks.insert(rng.randint(1, len(en_blocks)), te)
    if want_code:
        lang, code = rng.choice(CODE_BLOCKS)
        block = f"```{lang}\n{code}```"
        zh_blocks.insert(rng.randint(1, len(zh_blocks)), block)
        en_blocks.insert(rng.randint(1, len(en_blocks)), block)
    return "\n\n".join(zh_blocks) + "\n", "\n\n".join(en_blocks) + "\n"


def png_bytes(w, h, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(tag, data):
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


# --------------------------------------------------------------------------
# YAML / TOML emitters (only the shapes used here)
# --------------------------------------------------------------------------

def q(s):
    """A YAML/TOML double-quoted scalar (JSON string syntax is valid in both)."""
    return json.dumps(s, ensure_ascii=False)


def yflow_list(items):
    return "[" + ", ".join(q(i) if not re.fullmatch(r"[a-z0-9-]+", i) else i for i in items) + "]"


def yaml_case(case, indent):
    pad = " " * indent
    lines = []
    for k, v in case.items():
        if isinstance(v, dt.date):
            lines.append(f"{pad}{k}: {v.isoformat()}")
        else:
            lines.append(f"{pad}{k}: {v}")
    return lines


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------

def make_stories(rng, text, n):
    start = dt.date(2014, 1, 1)
    span = (dt.date(2025, 12, 31) - start).days
    stories = []
    for i in range(n):
        s = {}
        s["date"] = start + dt.timedelta(days=rng.randrange(span + 1))
        if rng.random() < 0.05:
            s["district"] = "city"
            s["town"] = None
            place_slug, place_zh, place_en = CITY
            place_zh = "江门"
            place_en = "Jiangmen"
        else:
            d = rng.choice(DISTRICTS)
            s["district"] = d[0]
            if rng.random() < 0.6:
                t = rng.choice(d[4])
                s["town"] = t[0]
                place_slug, place_zh, place_en = t[0], t[1], t[2]
            else:
                s["town"] = None
                place_slug, place_zh, place_en = d[0], d[1], d[2]
        k = rng.randint(1, 3)
        picked = sorted(rng.sample(range(len(TOPICS)), k))
        s["topics"] = [TOPICS[j][0] for j in picked]
        main_topic = TOPICS[picked[0]]
        thing = rng.choice(main_topic[3])
        s["slug"] = f"{place_slug}-{thing[0]}-{i + 1}"
        form = rng.randrange(3)
        if form == 0:
            s["title_zh"] = f"{place_zh}人大代表推动{thing[1]}"
            s["title_en"] = f"Deputies in {place_en} push for {thing[2]}"
        elif form == 1:
            s["title_zh"] = f"{place_zh}：{thing[1]}有了新进展"
            s["title_en"] = f"{place_en}: progress on {thing[2]}"
        else:
            dep = rng.choice(DEPUTIES)
            s["title_zh"] = f"{dep}代表和{place_zh}的{thing[1]}"
            s["title_en"] = f"Deputy {dep} and the {thing[2]} of {place_en}"
        s["summary_zh"] = text.zh_summary()
        s["summary_en"] = text.en_sentence(8, 14)
        s["deputies"] = rng.sample(DEPUTIES, rng.randint(0, 2))
        s["bundle"] = rng.random() < 0.10
        s["translated"] = rng.random() < 0.90
        s["date_in_fm"] = s["bundle"] or rng.random() < 0.35
        if s["bundle"]:
            s["image"] = {
                "src": "photo.png",
                "alt_zh": rng.choice(text.short),
                "alt_en": text.en_heading(),
                "credit": rng.choice(CREDITS),
                "rgb": (rng.randrange(256), rng.randrange(256), rng.randrange(256)),
            }
        else:
            s["image"] = None
        s["case"] = make_case(rng, s["date"]) if rng.random() < 0.30 else None
        want_table = rng.random() < 0.10
        want_code = rng.random() < 0.05
        s["body_zh"], s["body_en"] = build_bodies(rng, text, want_table, want_code)
        s["has_table"], s["has_code"] = want_table, want_code
        stories.append(s)
    return stories


def make_case(rng, story_date):
    status = rng.choice(["reported", "in-progress", "resolved", "resolved", "not-adopted"])
    n = {"reported": rng.randint(1, 2), "in-progress": rng.randint(3, 4),
         "resolved": 6, "not-adopted": 5}[status]
    dates = [story_date - dt.timedelta(days=rng.randint(0, 30))]
    for _ in range(n - 1):
        dates.append(dates[-1] - dt.timedelta(days=rng.randint(0, 60)))
    dates.reverse()
    case = {"status": status}
    for stage, d in zip(STAGES, dates):
        case[stage] = d
    if "rated" in case:
        case["rating"] = rng.choice(RATINGS * 1 + ["satisfied"] * 4 + ["basically-satisfied"] * 2)
    if rng.random() < 0.5:
        case["funding_cny"] = rng.randrange(10, 500) * 1000
    return case


def make_stats(rng):
    """period -> list of records (dicts, district first)."""
    out = {}
    for y in STAT_YEARS:
        recs, tot = [], {"c": 0, "r": 0, "p": 0}
        for d in DISTRICTS:
            c = rng.randint(60, 400)
            r = rng.randint(int(c * 0.4), c)
            p = rng.randint(10, 60)
            rec = {"district": d[0], "suggestions_collected": c,
                   "suggestions_resolved": r, "proposals": p}
            if rng.random() < 0.9:
                rec["funding_cny"] = rng.randrange(50, 900) * 10000
            if y >= 2023:
                rec["grid_deputies"] = rng.randint(40, 400)
            tot["c"] += c
            tot["r"] += r
            tot["p"] += p
            recs.append(rec)
        c = tot["c"] + rng.randint(0, 200)
        recs.append({"district": "city", "suggestions_collected": c,
                     "suggestions_resolved": min(c, tot["r"] + rng.randint(0, 150)),
                     "proposals": tot["p"] + rng.randint(0, 40),
                     "funding_cny": rng.randrange(1000, 20000) * 10000})
        if y >= 2023:
            fc = 967 if y == 2023 else rng.randint(500, 1200)
            recs.append({"district": "city",
                         "campaign": {"zh": "绿美江门·人大代表在行动",
                                      "en": "Green Jiangmen deputies campaign"},
                         "suggestions_collected": fc,
                         "suggestions_resolved": 660 if y == 2023 else rng.randint(fc // 2, fc),
                         "proposals": 232 if y == 2023 else rng.randint(100, 300),
                         "forest_optimised_ha": 3460 if y == 2023 else round(rng.uniform(1000, 4000), 1)})
        out[str(y)] = recs
    return out


def stats_yaml(period, recs):
    lines = [f"period: {period}",
             "source: { zh: 市人大常委会工作报告, en: Standing Committee work report, "
             f"url: \"{BASE_URL}reports/{period}.pdf\" }}",
             "records:"]
    for r in recs:
        first = True
        for k, v in r.items():
            lead = "  - " if first else "    "
            first = False
            if isinstance(v, dict):
                lines.append(f"{lead}{k}: {{ zh: {q(v['zh'])}, en: {q(v['en'])} }}")
            else:
                lines.append(f"{lead}{k}: {v}")
    return "\n".join(lines) + "\n"


def district_yaml(d, order):
    slug, zh, en, kind, towns = d
    lines = [f"name: {{ zh: {zh}, en: {en} }}",
             f"kind: {kind}",
             f"summary: {{ zh: {q(zh + '位于江门市，辖' + str(len(towns)) + '个镇街。')}, "
             f"en: {q(en + ' is part of Jiangmen and has ' + str(len(towns)) + ' towns and subdistricts.')} }}",
             "towns:"]
    for t in towns:
        lines.append(f"  - slug: {t[0]}")
        lines.append(f"    name: {{ zh: {t[1]}, en: {t[2]} }}")
    lines.append(f"order: {order}")
    return "\n".join(lines) + "\n"


ABOUT = {
    "zh": ("关于本站", "本站汇集江门市各级人大代表参与“百千万工程”的故事与统计数据。\n\n"
           "数据来自市人大常委会工作报告，按区县和年度整理。\n"),
    "en": ("About this site", "This site collects stories and statistics about the work of "
           "deputies at every level in Jiangmen.\n\nFigures come from the Standing Committee's "
           "work reports, by district and year.\n"),
}
STATS_INTRO = {
    "zh": ("统计数据", "各区县历年数据。全市数字以全市记录为准，不等同于各区县之和。\n"),
    "en": ("Statistics", "Figures by district and year. City-wide figures are those of the "
           "city record, not the sum of the districts.\n"),
}
STYLE_CSS = "body{font-family:sans-serif;max-width:48rem;margin:auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem}\n"

# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------


class Tree:
    def __init__(self, root):
        self.root = Path(root)
        self.files = 0
        self.bytes = 0

    def write(self, rel, data):
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        p.write_bytes(data)
        self.files += 1
        self.bytes += len(data)


def story_rel(s, lang):
    suffix = ".en.md" if lang == "en" else ".md"
    if s["bundle"]:
        return f"content/stories/{s['slug']}/index{suffix}"
    return f"content/stories/{s['date'].isoformat()}-{s['slug']}{suffix}"


# ---- renda ---------------------------------------------------------------

def write_renda(t, stories, stats):
    lines = [f"title: {{ zh: {SITE_TITLE['zh']}, en: {q(SITE_TITLE['en'])} }}",
             f"base_url: {BASE_URL}",
             "languages: [zh, en]",
             "theme: default",
             "topics:"]
    for slug, zh, en, _ in TOPICS:
        lines.append(f"  {slug}: {{ zh: {zh}, en: {q(en)} }}")
    lines.append("metrics:")
    for slug, zh, en, unit in CUSTOM_METRICS:
        lines.append(f"  {slug}: {{ zh: {zh}, en: {q(en)}, unit: {unit} }}")
    t.write("site.yaml", "\n".join(lines) + "\n")
    for i, d in enumerate(DISTRICTS, 1):
        t.write(f"content/districts/{d[0]}.yaml", district_yaml(d, i))
    for period, recs in stats.items():
        t.write(f"content/stats/{period}.yaml", stats_yaml(period, recs))
    for lang, suffix in (("zh", ""), ("en", ".en")):
        title, body = ABOUT[lang]
        t.write(f"content/pages/about{suffix}.md", f"---\ntitle: {q(title)}\n---\n\n{body}")
    t.write("static/style.css", STYLE_CSS)
    for s in stories:
        fm = ["---", f"title: {q(s['title_zh'])}"]
        if s["date_in_fm"]:
            fm.append(f"date: {s['date'].isoformat()}")
        fm.append(f"district: {s['district']}")
        if s["town"]:
            fm.append(f"town: {s['town']}")
        fm.append(f"topics: {yflow_list(s['topics'])}")
        if s["deputies"]:
            fm.append(f"deputies: {yflow_list(s['deputies'])}")
        fm.append(f"summary: {q(s['summary_zh'])}")
        if s["image"]:
            im = s["image"]
            fm.append(f"image: {{ src: {im['src']}, alt: {q(im['alt_zh'])}, credit: {q(im['credit'])} }}")
        if s["case"]:
            fm.append("case:")
            fm.extend(yaml_case(s["case"], 2))
        fm.append("---")
        t.write(story_rel(s, "zh"), "\n".join(fm) + "\n\n" + s["body_zh"])
        if s["translated"]:
            fm = ["---", f"title: {q(s['title_en'])}", f"summary: {q(s['summary_en'])}"]
            if s["image"]:
                fm.append(f"image: {{ alt: {q(s['image']['alt_en'])} }}")
            fm.append("---")
            t.write(story_rel(s, "en"), "\n".join(fm) + "\n\n" + s["body_en"])
        if s["bundle"]:
            t.write(f"content/stories/{s['slug']}/photo.png", png_bytes(16, 12, s["image"]["rgb"]))


# ---- shared peer content -------------------------------------------------

def peer_story_fm(s, lang, kind):
    """Front matter for Hugo (kind='hugo') or Zola (kind='zola'): the peers have no
    field inheritance between translations, so both files carry every field."""
    title = s["title_" + lang]
    summary = s["summary_" + lang]
    fm = ["---", f"title: {q(title)}", f"date: {s['date'].isoformat()}",
          f"description: {q(summary)}"]
    tax = [f"districts: [{s['district']}]", f"topics: {yflow_list(s['topics'])}"]
    if kind == "hugo":
        fm.extend(tax)
        fm.append("params:")
    else:
        fm.append("taxonomies:")
        fm.extend("  " + x for x in tax)
        fm.append("extra:")
    fm.append(f"  district: {s['district']}")
    if s["town"]:
        fm.append(f"  town: {s['town']}")
    if s["deputies"]:
        fm.append(f"  deputies: {yflow_list(s['deputies'])}")
    if s["image"]:
        im = s["image"]
        fm.append(f"  image: {{ src: {im['src']}, alt: {q(im['alt_' + lang])}, credit: {q(im['credit'])} }}")
    if s["case"]:
        fm.append("  case:")
        fm.extend(yaml_case(s["case"], 4))
    fm.append("---")
    return "\n".join(fm) + "\n\n"


def write_peer_stories(t, stories, kind):
    for s in stories:
        t.write(story_rel(s, "zh"), peer_story_fm(s, "zh", kind) + s["body_zh"])
        if s["translated"]:
            t.write(story_rel(s, "en"), peer_story_fm(s, "en", kind) + s["body_en"])
        if s["bundle"]:
            t.write(f"content/stories/{s['slug']}/photo.png", png_bytes(16, 12, s["image"]["rgb"]))


def section_files(t, kind):
    """_index files for home, stories, stats, about (both peers)."""
    for lang, suffix in (("zh", ""), ("en", ".en")):
        li = 0 if lang == "zh" else 1
        extra_root = ["sort_by: date"] if kind == "zola" else []
        extra_stories = (["sort_by: date", "paginate_by: 20", "transparent: true"]
                         if kind == "zola" else [])
        tpl = (lambda name: [f"template: {name}.html"]) if kind == "zola" else (lambda name: [f"layout: {name}"])
        t.write(f"content/_index{suffix}.md",
                "\n".join(["---", f"title: {q(SITE_TITLE[lang])}"] + extra_root + ["---", ""]))
        t.write(f"content/stories/_index{suffix}.md",
                "\n".join(["---", f"title: {q(LABELS['stories'][li])}"] + extra_stories + ["---", ""]))
        st, sb = STATS_INTRO[lang]
        t.write(f"content/stats/_index{suffix}.md",
                "\n".join(["---", f"title: {q(st)}"] + tpl("stats") + ["---", "", sb]))
        at, ab = ABOUT[lang]
        t.write(f"content/about/_index{suffix}.md",
                "\n".join(["---", f"title: {q(at)}"] + tpl("plain") + ["---", "", ab]))


# ---- Hugo ----------------------------------------------------------------

HUGO_LAYOUTS = {
    "baseof.html": r"""<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="stylesheet" href="{{ "style.css" | absURL }}">
<link rel="alternate" type="application/atom+xml" href="{{ site.Home.Permalink }}atom.xml">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header><a href="{{ site.Home.Permalink }}">{{ site.Title }}</a>
<nav><a href="{{ "stories/" | absLangURL }}">{{ T "stories" }}</a> <a href="{{ "districts/" | absLangURL }}">{{ T "districts" }}</a> <a href="{{ "topics/" | absLangURL }}">{{ T "topics" }}</a> <a href="{{ "stats/" | absLangURL }}">{{ T "stats" }}</a> <a href="{{ "about/" | absLangURL }}">{{ T "about" }}</a></nav>
<p class="lang">{{ with .Translations }}{{ T "read_in" }}: {{ range . }}<a href="{{ .Permalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a>{{ end }}{{ else }}{{ T "no_translation" }}{{ end }}</p>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "_partials/item.html": r"""<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format (T "date_format") }}</time>{{ range .GetTerms "districts" }} <a href="{{ .Permalink }}">{{ .LinkTitle }}</a>{{ end }}{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
""",
    "home.html": r"""{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ul class="stories">
{{ range first 20 (where site.RegularPages "Section" "stories") }}{{ partial "item.html" . }}{{ end }}
</ul>
<p><a href="{{ "stories/" | absLangURL }}">{{ T "all_stories" }}</a></p>
{{ end }}
""",
    "section.html": r"""{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $p := .Paginate .Pages }}
<ul class="stories">
{{ range $p.Pages }}{{ partial "item.html" . }}{{ end }}
</ul>
<nav class="pager">{{ with $p.Prev }}<a href="{{ .URL | absURL }}">{{ T "prev" }}</a>{{ end }} {{ $p.PageNumber }} / {{ $p.TotalPages }} {{ with $p.Next }}<a href="{{ .URL | absURL }}">{{ T "next" }}</a>{{ end }}</nav>
{{ end }}
""",
    "page.html": r"""{{ define "main" }}
{{ $lang := site.Language.Lang }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format (T "date_format") }}</time>
{{ range .GetTerms "districts" }}<a href="{{ .Permalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ with .Params.town }}{{ $town := . }}{{ with index hugo.Data.districts $.Params.district }}{{ range .towns }}{{ if eq .slug $town }}{{ index .name $lang }}{{ end }}{{ end }}{{ end }}{{ end }}</p>
<ul class="topics">{{ range .GetTerms "topics" }}<li><a href="{{ .Permalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .Params.deputies }}<p>{{ T "deputies" }}: {{ delimit . "、" }}</p>{{ end }}
{{ with .Params.image }}<figure><img src="{{ with $.Resources.Get .src }}{{ .Permalink }}{{ end }}" alt="{{ .alt }}"><figcaption>{{ .credit }}</figcaption></figure>{{ end }}
{{ with .Params.case }}{{ $c := . }}
<table class="case"><caption>{{ T "case" }} · {{ T (printf "status_%s" $c.status) }}</caption>
{{ range $s := slice "reported" "collected" "dispatched" "handled" "answered" "rated" }}{{ with index $c $s }}<tr><th>{{ T (printf "stage_%s" $s) }}</th><td>{{ . | time.Format (T "date_format") }}</td></tr>
{{ end }}{{ end }}{{ with $c.rating }}<tr><th>{{ T "rating" }}</th><td>{{ T (printf "rating_%s" .) }}</td></tr>{{ end }}
{{ with $c.funding_cny }}<tr><th>{{ T "funding" }}</th><td>{{ . }}</td></tr>{{ end }}
</table>{{ end }}
{{ .Content }}
</article>
{{ end }}
""",
    "taxonomy.html": r"""{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Pages }}<li><a href="{{ .Permalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>
{{ end }}</ul>
{{ end }}
""",
    "term.html": r"""{{ define "main" }}
{{ $lang := site.Language.Lang }}
<h1>{{ .Title }}</h1>
{{ with index hugo.Data.districts .Data.Term }}<p>{{ index .summary $lang }}</p>
<h2>{{ T "towns" }}</h2><ul class="towns">{{ range .towns }}<li>{{ index .name $lang }}</li>{{ end }}</ul>{{ end }}
<h2>{{ T "stories" }}</h2>
<ul class="stories">
{{ range .Pages }}{{ partial "item.html" . }}{{ end }}
</ul>
{{ end }}
""",
    "stats.html": r"""{{ define "main" }}
{{ $lang := site.Language.Lang }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ range $period, $d := hugo.Data.stats }}
<h2>{{ $d.period }}</h2>
<p>{{ T "source" }}: <a href="{{ $d.source.url }}">{{ index $d.source $lang }}</a></p>
<table><thead><tr><th>{{ T "district" }}</th>{{ range site.Params.metrics }}<th>{{ T (printf "m_%s" .) }}</th>{{ end }}</tr></thead>
<tbody>
{{ range $d.records }}{{ $r := . }}<tr><td>{{ if eq .district "city" }}{{ T "city" }}{{ else }}{{ index (index hugo.Data.districts .district).name $lang }}{{ end }}{{ with .campaign }} · {{ index . $lang }}{{ end }}</td>{{ range site.Params.metrics }}<td>{{ index $r . }}</td>{{ end }}</tr>
{{ end }}</tbody></table>
{{ end }}
{{ end }}
""",
    "plain.html": r"""{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ end }}
""",
    "404.html": r"""{{ define "main" }}
<h1>{{ T "not_found" }}</h1>
{{ end }}
""",
    "_partials/atom.xml": r"""{{ printf "<?xml version=\"1.0\" encoding=\"utf-8\"?>" | safeHTML }}
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ site.Language.Lang }}">
<title>{{ if not .page.IsHome }}{{ .page.Title }} · {{ end }}{{ site.Title }}</title>
<link rel="self" href="{{ with .page.OutputFormats.Get "atom" }}{{ .Permalink }}{{ end }}"/>
<link rel="alternate" href="{{ .page.Permalink }}"/>
<id>{{ .page.Permalink }}</id>
{{ range first 1 .pages }}<updated>{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}</updated>{{ end }}
{{ range first 20 .pages }}<entry>
<title>{{ .Title }}</title>
<link rel="alternate" href="{{ .Permalink }}"/>
<id>{{ .Permalink }}</id>
<updated>{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}</updated>
{{ with .Description }}<summary>{{ . }}</summary>{{ end }}
</entry>
{{ end }}</feed>
""",
    "home.atom.xml": r"""{{ partial "atom.xml" (dict "page" . "pages" (where site.RegularPages "Section" "stories")) }}""",
    "term.atom.xml": r"""{{ partial "atom.xml" (dict "page" . "pages" .Pages) }}""",
}


def write_hugo(t, stories, stats):
    langs = "\n".join([
        "[languages.zh]", f"  title = {q(SITE_TITLE['zh'])}", "  label = \"中文\"", "  weight = 1",
        "[languages.en]", f"  title = {q(SITE_TITLE['en'])}", "  label = \"English\"", "  weight = 2",
    ])
    cfg = f"""baseURL = {q(BASE_URL)}
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = false
hasCJKLanguage = true
enableRobotsTXT = false
disableHugoGeneratorInject = true

[pagination]
  pagerSize = 20

[taxonomies]
  district = "districts"
  topic = "topics"

[frontmatter]
  date = [":filename", ":default"]

[mediaTypes."application/atom+xml"]
  suffixes = ["xml"]

[outputFormats.atom]
  mediaType = "application/atom+xml"
  baseName = "atom"
  rel = "alternate"

[outputs]
  home = ["html", "atom"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html"]
  page = ["html"]

[markup.goldmark.extensions.typographer]
  disable = true

[markup.highlight]
  noClasses = true
  style = "monokai"

[params]
  metrics = [{", ".join(q(m) for m in METRIC_SLUGS)}]

{langs}
"""
    t.write("hugo.toml", cfg)
    for name, body in HUGO_LAYOUTS.items():
        t.write(f"layouts/{name}", body)
    for lang, li, date_fmt in (("zh", 0, "2006年1月2日"), ("en", 1, "2 January 2006")):
        lines = [f"date_format: {q(date_fmt)}"]
        lines += [f"{q(k)}: {q(v[li])}" for k, v in LABELS.items()]
        t.write(f"i18n/{lang}.yaml", "\n".join(lines) + "\n")
    for i, d in enumerate(DISTRICTS, 1):
        t.write(f"data/districts/{d[0]}.yaml", district_yaml(d, i))
    for period, recs in stats.items():
        t.write(f"data/stats/{period}.yaml", stats_yaml(period, recs))
    t.write("static/style.css", STYLE_CSS)
    section_files(t, "hugo")
    # taxonomy and term pages: titles (and the per-district Atom feed)
    for lang, suffix, li in (("zh", "", 0), ("en", ".en", 1)):
        t.write(f"content/districts/_index{suffix}.md", f"---\ntitle: {q(LABELS['districts'][li])}\n---\n")
        t.write(f"content/topics/_index{suffix}.md", f"---\ntitle: {q(LABELS['topics'][li])}\n---\n")
        for d in DISTRICTS + [CITY]:
            t.write(f"content/districts/{d[0]}/_index{suffix}.md",
                    f"---\ntitle: {q(d[1 + li])}\noutputs: [html, atom]\n---\n")
        for tp in TOPICS:
            t.write(f"content/topics/{tp[0]}/_index{suffix}.md", f"---\ntitle: {q(tp[1 + li])}\n---\n")
    write_peer_stories(t, stories, "hugo")


# ---- Zola ----------------------------------------------------------------

ZOLA_TEMPLATES = {
    "base.html": r"""<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
{% block description %}{% endblock description %}
<link rel="stylesheet" href="{{ get_url(path="style.css") }}">
<link rel="alternate" type="application/atom+xml" href="{{ get_url(path="atom.xml", lang=lang) }}">
{% block alternates %}{% endblock alternates %}
</head>
<body>
<header><a href="{{ get_url(path="@/_index.md", lang=lang) }}">{{ config.title }}</a>
<nav><a href="{{ get_url(path="@/stories/_index.md", lang=lang) }}">{{ trans(key="stories", lang=lang) }}</a> <a href="{{ get_url(path="districts/", lang=lang, trailing_slash=true) }}">{{ trans(key="districts", lang=lang) }}</a> <a href="{{ get_url(path="topics/", lang=lang, trailing_slash=true) }}">{{ trans(key="topics", lang=lang) }}</a> <a href="{{ get_url(path="@/stats/_index.md", lang=lang) }}">{{ trans(key="stats", lang=lang) }}</a> <a href="{{ get_url(path="@/about/_index.md", lang=lang) }}">{{ trans(key="about", lang=lang) }}</a></nav>
<p class="lang">{% block langswitch %}{{ trans(key="no_translation", lang=lang) }}{% endblock langswitch %}</p>
</header>
<main>
{% block main %}{% endblock main %}
</main>
<footer>{{ config.title }}</footer>
</body>
</html>
""",
    "macros.html": r"""{% macro item(p, lang, districts) %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time datetime="{{ p.date }}">{{ p.date | date(format=trans(key="date_format", lang=lang)) }}</time>{% for d in p.taxonomies.districts %} <a href="{{ get_taxonomy_url(kind="districts", name=d, lang=lang) | safe }}">{{ districts[d][lang] }}</a>{% endfor %}{% if p.description %}<p>{{ p.description }}</p>{% endif %}</li>
{% endmacro item %}
{% macro translations(tr, lang) %}{% if tr | length > 1 %}{{ trans(key="read_in", lang=lang) }}: {% for t in tr %}{% if t.lang != lang %}<a href="{{ t.permalink | safe }}" hreflang="{{ t.lang }}">{% if t.lang == "zh" %}中文{% else %}English{% endif %}</a>{% endif %}{% endfor %}{% else %}{{ trans(key="no_translation", lang=lang) }}{% endif %}{% endmacro translations %}
{% macro alternates(tr, lang) %}{% for t in tr %}{% if t.lang != lang %}<link rel="alternate" hreflang="{{ t.lang }}" href="{{ t.permalink | safe }}">
{% endif %}{% endfor %}{% endmacro alternates %}
""",
    "index.html": r"""{% extends "base.html" %}
{% import "macros.html" as m %}
{% block alternates %}{{ m::alternates(tr=section.translations, lang=lang) }}{% endblock alternates %}
{% block langswitch %}{{ m::translations(tr=section.translations, lang=lang) }}{% endblock langswitch %}
{% block main %}
<h1>{{ config.title }}</h1>
<ul class="stories">
{% for p in section.pages | slice(end=20) %}{{ m::item(p=p, lang=lang, districts=config.extra.districts) }}{% endfor %}
</ul>
<p><a href="{{ get_url(path="@/stories/_index.md", lang=lang) }}">{{ trans(key="all_stories", lang=lang) }}</a></p>
{% endblock main %}
""",
    "section.html": r"""{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block alternates %}{{ m::alternates(tr=section.translations, lang=lang) }}{% endblock alternates %}
{% block langswitch %}{{ m::translations(tr=section.translations, lang=lang) }}{% endblock langswitch %}
{% block main %}
<h1>{{ section.title }}</h1>
<ul class="stories">
{% for p in paginator.pages %}{{ m::item(p=p, lang=lang, districts=config.extra.districts) }}{% endfor %}
</ul>
<nav class="pager">{% if paginator.previous %}<a href="{{ paginator.previous | safe }}">{{ trans(key="prev", lang=lang) }}</a>{% endif %} {{ paginator.current_index }} / {{ paginator.number_pagers }} {% if paginator.next %}<a href="{{ paginator.next | safe }}">{{ trans(key="next", lang=lang) }}</a>{% endif %}</nav>
{% endblock main %}
""",
    "page.html": r"""{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block description %}{% if page.description %}<meta name="description" content="{{ page.description }}">{% endif %}{% endblock description %}
{% block alternates %}{{ m::alternates(tr=page.translations, lang=lang) }}{% endblock alternates %}
{% block langswitch %}{{ m::translations(tr=page.translations, lang=lang) }}{% endblock langswitch %}
{% block main %}
{% set fmt = trans(key="date_format", lang=lang) %}
<article>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date }}">{{ page.date | date(format=fmt) }}</time>
{% for d in page.taxonomies.districts %}<a href="{{ get_taxonomy_url(kind="districts", name=d, lang=lang) | safe }}">{{ config.extra.districts[d][lang] }}</a>{% endfor %}
{% if page.extra.town %}{% for t in config.extra.districts[page.extra.district].towns %}{% if t.slug == page.extra.town %}{{ t[lang] }}{% endif %}{% endfor %}{% endif %}</p>
<ul class="topics">{% for tp in page.taxonomies.topics %}<li><a href="{{ get_taxonomy_url(kind="topics", name=tp, lang=lang) | safe }}">{{ config.extra.topics[tp][lang] }}</a></li>{% endfor %}</ul>
{% if page.extra.deputies %}<p>{{ trans(key="deputies", lang=lang) }}: {{ page.extra.deputies | join(sep="、") }}</p>{% endif %}
{% if page.extra.image %}<figure><img src="{{ page.extra.image.src }}" alt="{{ page.extra.image.alt }}"><figcaption>{{ page.extra.image.credit }}</figcaption></figure>{% endif %}
{% if page.extra.case %}{% set c = page.extra.case %}
<table class="case"><caption>{{ trans(key="case", lang=lang) }} · {{ trans(key="status_" ~ c.status, lang=lang) }}</caption>
{% for s in ["reported", "collected", "dispatched", "handled", "answered", "rated"] %}{% if s in c %}<tr><th>{{ trans(key="stage_" ~ s, lang=lang) }}</th><td>{{ c[s] | date(format=fmt) }}</td></tr>
{% endif %}{% endfor %}{% if c.rating %}<tr><th>{{ trans(key="rating", lang=lang) }}</th><td>{{ trans(key="rating_" ~ c.rating, lang=lang) }}</td></tr>{% endif %}
{% if c.funding_cny %}<tr><th>{{ trans(key="funding", lang=lang) }}</th><td>{{ c.funding_cny }}</td></tr>{% endif %}
</table>{% endif %}
{{ page.content | safe }}
</article>
{% endblock main %}
""",
    "taxonomy_list.html": r"""{% extends "base.html" %}
{% block title %}{{ trans(key=taxonomy.name, lang=lang) }} · {{ config.title }}{% endblock title %}
{% block main %}
<h1>{{ trans(key=taxonomy.name, lang=lang) }}</h1>
<ul class="terms">
{% for t in terms %}<li><a href="{{ t.permalink | safe }}">{{ config.extra[taxonomy.name][t.name][lang] }}</a> ({{ t.page_count }})</li>
{% endfor %}</ul>
{% endblock main %}
""",
    "taxonomy_single.html": r"""{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ config.extra[taxonomy.name][term.name][lang] }} · {{ config.title }}{% endblock title %}
{% block main %}
<h1>{{ config.extra[taxonomy.name][term.name][lang] }}</h1>
{% if taxonomy.name == "districts" and term.name != "city" %}{% set d = config.extra.districts[term.name] %}<p>{{ d.summary[lang] }}</p>
<h2>{{ trans(key="towns", lang=lang) }}</h2><ul class="towns">{% for t in d.towns %}<li>{{ t[lang] }}</li>{% endfor %}</ul>{% endif %}
<h2>{{ trans(key="stories", lang=lang) }}</h2>
<ul class="stories">
{% for p in term.pages %}{{ m::item(p=p, lang=lang, districts=config.extra.districts) }}{% endfor %}
</ul>
{% endblock main %}
""",
    "stats.html": r"""{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block alternates %}{{ m::alternates(tr=section.translations, lang=lang) }}{% endblock alternates %}
{% block langswitch %}{{ m::translations(tr=section.translations, lang=lang) }}{% endblock langswitch %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% for y in config.extra.stat_periods %}{% set d = load_data(path="data/stats/" ~ y ~ ".yaml") %}
<h2>{{ d.period }}</h2>
<p>{{ trans(key="source", lang=lang) }}: <a href="{{ d.source.url | safe }}">{{ d.source[lang] }}</a></p>
<table><thead><tr><th>{{ trans(key="district", lang=lang) }}</th>{% for mt in config.extra.metrics %}<th>{{ trans(key="m_" ~ mt, lang=lang) }}</th>{% endfor %}</tr></thead>
<tbody>
{% for r in d.records %}<tr><td>{% if r.district == "city" %}{{ trans(key="city", lang=lang) }}{% else %}{{ config.extra.districts[r.district][lang] }}{% endif %}{% if r.campaign %} · {{ r.campaign[lang] }}{% endif %}</td>{% for mt in config.extra.metrics %}<td>{% if mt in r %}{{ r[mt] }}{% endif %}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% endfor %}
{% endblock main %}
""",
    "plain.html": r"""{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block alternates %}{{ m::alternates(tr=section.translations, lang=lang) }}{% endblock alternates %}
{% block langswitch %}{{ m::translations(tr=section.translations, lang=lang) }}{% endblock langswitch %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% endblock main %}
""",
    "404.html": r"""{% extends "base.html" %}
{% block main %}
<h1>{{ trans(key="not_found", lang=lang) }}</h1>
{% endblock main %}
""",
    "atom.xml": r"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ lang }}">
<title>{% if term %}{{ config.extra.districts[term.name][lang] }} · {% endif %}{{ config.title }}</title>
<link rel="self" href="{{ feed_url | safe }}"/>
<link rel="alternate" href="{% if term %}{{ term.permalink | safe }}{% else %}{{ get_url(path="@/_index.md", lang=lang) | safe }}{% endif %}"/>
<id>{% if term %}{{ term.permalink | safe }}{% else %}{{ get_url(path="@/_index.md", lang=lang) | safe }}{% endif %}</id>
{% if last_updated %}<updated>{{ last_updated | date(format="%+") }}</updated>{% endif %}
{% for page in pages %}<entry>
<title>{{ page.title }}</title>
<link rel="alternate" href="{{ page.permalink | safe }}"/>
<id>{{ page.permalink | safe }}</id>
<updated>{{ page.date | date(format="%+") }}</updated>
{% if page.description %}<summary>{{ page.description }}</summary>{% endif %}
</entry>
{% endfor %}</feed>
""",
}


def toml_inline_map(d):
    return "{ " + ", ".join(f"{k} = {q(v) if isinstance(v, str) else v}" for k, v in d.items()) + " }"


def write_zola(t, stories, stats):
    tax = '[{name = "districts", feed = true}, {name = "topics"}]'
    lines = [
        f"base_url = {q(BASE_URL.rstrip('/'))}",
        f"title = {q(SITE_TITLE['zh'])}",
        'default_language = "zh"',
        "compile_sass = false",
        "build_search_index = false",
        "generate_feeds = true",
        'feed_filenames = ["atom.xml"]',
        "feed_limit = 20",
        f"taxonomies = {tax}",
        "",
        "[markdown.highlighting]",
        'theme = "monokai"',
        "",
        "[translations]",
        f"date_format = {q('%Y年%-m月%-d日')}",
    ]
    lines += [f"{q(k)} = {q(v[0])}" for k, v in LABELS.items()]
    lines += [
        "",
        "[languages.en]",
        f"title = {q(SITE_TITLE['en'])}",
        "generate_feeds = true",
        'feed_filenames = ["atom.xml"]',
        f"taxonomies = {tax}",
        "",
        "[languages.en.translations]",
        f"date_format = {q('%-d %B %Y')}",
    ]
    lines += [f"{q(k)} = {q(v[1])}" for k, v in LABELS.items()]
    lines += [
        "",
        "[extra]",
        f"metrics = [{', '.join(q(m) for m in METRIC_SLUGS)}]",
        f"stat_periods = [{', '.join(q(str(y)) for y in STAT_YEARS)}]",
        "",
        "[extra.topics]",
    ]
    for slug, zh, en, _ in TOPICS:
        lines.append(f"{slug} = {toml_inline_map({'zh': zh, 'en': en})}")
    lines += ["", "[extra.districts]",
              f"city = {toml_inline_map({'zh': CITY[1], 'en': CITY[2]})}"]
    for slug, zh, en, kind, towns in DISTRICTS:
        lines += ["", f"[extra.districts.{slug}]", f"zh = {q(zh)}", f"en = {q(en)}", f"kind = {q(kind)}",
                  "summary = " + toml_inline_map({'zh': zh + '位于江门市，辖' + str(len(towns)) + '个镇街。',
                                                  'en': en + ' is part of Jiangmen and has ' + str(len(towns)) + ' towns and subdistricts.'}),
                  "towns = [" + ", ".join(toml_inline_map({'slug': s, 'zh': z, 'en': e}) for s, z, e in towns) + "]"]
    t.write("config.toml", "\n".join(lines) + "\n")
    for name, body in ZOLA_TEMPLATES.items():
        t.write(f"templates/{name}", body)
    for period, recs in stats.items():
        t.write(f"data/stats/{period}.yaml", stats_yaml(period, recs))
    t.write("static/style.css", STYLE_CSS)
    section_files(t, "zola")
    write_peer_stories(t, stories, "zola")


# --------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, required=True, help="number of stories (zh)")
    ap.add_argument("--out", required=True, help="output folder (replaced)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--text-from", metavar="DIR",
                    help="take the Chinese fragments from the Markdown under DIR "
                         "(default: the fragments stored above, from the bundled site)")
    ap.add_argument("--only", choices=["renda", "hugo", "zola"], action="append",
                    help="write only these sites (repeatable; default all three)")
    a = ap.parse_args(argv)
    if a.stories < 0:
        ap.error("--stories must be >= 0")
    out = Path(a.out)
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            sys.exit(f"corpus.py: {out} is not empty and not an earlier output of corpus.py; refusing to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(a.seed)
    text = Text(rng, load_clauses(a.text_from) if a.text_from else FRAGMENTS)
    stories = make_stories(rng, text, a.stories)
    stats = make_stats(rng)
    only = a.only or ["renda", "hugo", "zola"]
    report = {}
    for name, fn in (("renda", write_renda), ("hugo", write_hugo), ("zola", write_zola)):
        if name in only:
            t = Tree(out / name)
            fn(t, stories, stats)
            report[name] = (t.files, t.bytes)
    (out / MARKER).write_text(json.dumps({"stories": a.stories, "seed": a.seed}) + "\n")
    tr = sum(s["translated"] for s in stories)
    print(f"stories: {len(stories)} zh, {tr} en; bundles {sum(s['bundle'] for s in stories)}, "
          f"cases {sum(bool(s['case']) for s in stories)}, tables {sum(s['has_table'] for s in stories)}, "
          f"code {sum(s['has_code'] for s in stories)}")
    for name, (files, size) in report.items():
        print(f"{name}: {files} files, {size / 1e6:.1f} MB -> {out / name}")


if __name__ == "__main__":
    main()
