# language: zh-CN
功能: E 排名、等次与评先（policy-variants.md 第 21—25 项）
  每个场景自带一个小规则集（sqmy-ruleset/2），期望值按变体的文字手算，算式写在注释中。

  背景:
    假如 考核年度为 2024 年

  @变体21
  场景: 按分数线定等次，含不合格等次（济南：≥85 优秀、≥60 称职、以下不称职），与奖项分开
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v21"
      title = "变体21"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 5
      [[grades]]
      id = "grade"
      entity = "person"
      tiers = [{ label = "优秀", min_points = 85 }, { label = "称职", min_points = 60 }, { label = "不称职" }]
      [[awards]]
      id = "first"
      entity = "person"
      tiers = [{ label = "一等", max_rank = 1 }]
      """
    当 2024年3月1日 委员甲 提交 17 篇信息
    而且 2024年3月1日 委员乙 提交 12 篇信息
    而且 2024年3月1日 委员丙 提交 11 篇信息
    # 甲 17 × 5 = 85 ≥ 85；乙 12 × 5 = 60 ≥ 60；丙 11 × 5 = 55 < 60
    那么 甲 的等次为 "优秀"
    而且 乙 的等次为 "称职"
    而且 丙 的等次为 "不称职"
    # 奖项另计：甲第一名
    而且 甲 获评 "一等"
    而且 乙 没有获奖

  @变体22
  场景: 按名次评奖（第 1 名、第 2—3 名、第 4—6 名），同分并列
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v22a"
      title = "变体22 名次"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [[awards]]
      id = "award"
      entity = "person"
      tiers = [{ label = "一等", max_rank = 1 }, { label = "二等", max_rank = 3 }, { label = "三等", max_rank = 6 }]
      """
    当 2024年3月1日 委员甲 提交 10 篇信息
    而且 2024年3月1日 委员乙 提交 9 篇信息
    而且 2024年3月1日 委员丙 提交 9 篇信息
    而且 2024年3月1日 委员丁 提交 8 篇信息
    而且 2024年3月1日 委员戊 提交 7 篇信息
    而且 2024年3月1日 委员己 提交 7 篇信息
    而且 2024年3月1日 委员庚 提交 7 篇信息
    而且 2024年3月1日 委员辛 提交 6 篇信息
    # 名次：甲 1，乙丙并列 2，丁 4，戊己庚并列 5，辛 8
    那么 乙 的名次为 并列第二名
    而且 庚 的名次为 并列第五名
    而且 甲 获评 "一等"
    而且 丙 获评 "二等"
    而且 丁 获评 "三等"
    而且 庚 获评 "三等"
    而且 辛 没有获奖

  @变体22
  场景: 只在符合条件者中排名评奖；按前百分之几评奖
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v22b"
      title = "变体22 符合条件者"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 10
      [[quotas]]
      id = "two"
      label = "每年至少 2 篇"
      entity = "person"
      roles = ["member"]
      metric = "submitted"
      min = 2
      [[awards]]
      id = "first"
      entity = "person"
      require_quotas_met = true
      rank_among = "eligible"
      tiers = [{ label = "一等", max_rank = 1 }]
      [[awards]]
      id = "top"
      entity = "person"
      tiers = [{ label = "前百分之二十五", top_percent = 25 }]
      """
    当 2024年3月1日 委员甲 提交信息 "甲一"
    而且 2024年4月1日 信息 "甲一" 被 市政协 采用
    而且 2024年5月1日 信息 "甲一" 被 省政协 采用
    而且 2024年3月1日 委员乙 提交 2 篇信息
    而且 2024年4月1日 信息 "乙的信息1" 被 市政协 采用
    而且 2024年3月1日 委员丙 提交 3 篇信息
    而且 2024年3月1日 委员丁 提交 2 篇信息
    # 甲 1 + 20 = 21（未完成指标），乙 2 + 10 = 12，丙 3，丁 2
    # 总名次：甲 1、乙 2；在完成指标者中乙第 1 → 乙获“一等”，甲不获
    那么 乙 的名次为 第二名
    而且 乙 获评 "一等"
    而且 甲 未获评 "一等"
    # 前 25%：4 人中的 1 人，即总名次第 1 的甲
    而且 甲 获评 "前百分之二十五"
    而且 丙 没有获奖

  @变体23
  场景: 采用率（采用 ÷ 报送）用于排名和评奖资格（民建北京）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v23"
      title = "变体23"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 5
      [[rates]]
      id = "adoption_rate"
      numerator = "adopted"
      denominator = "submitted"
      [rankings.people]
      order = ["adoption_rate", "points"]
      [[awards]]
      id = "good"
      entity = "person"
      tiers = [{ label = "优秀信息员", min_rates = { adoption_rate = 0.5 } }]
      """
    当 2024年3月1日 会员甲 提交 4 篇信息
    而且 2024年4月1日 信息 "甲的信息1" 被 市政协 采用
    而且 2024年4月1日 信息 "甲的信息2" 被 市政协 采用
    而且 2024年3月1日 会员乙 提交 4 篇信息
    而且 2024年4月1日 信息 "乙的信息1" 被 市政协 采用
    而且 2024年3月1日 会员丙 提交 2 篇信息
    而且 2024年4月1日 信息 "丙的信息1" 被 市政协 采用
    # 甲 2/4 = 0.5、10 分；丙 1/2 = 0.5、5 分；乙 1/4 = 0.25、5 分
    # 先比采用率，再比积分：甲 1、丙 2、乙 3（只比积分时乙丙并列）
    那么 甲 的名次为 第一名
    而且 丙 的名次为 第二名
    而且 乙 的名次为 第三名
    # 采用率 ≥ 0.5 才获评
    而且 甲 获评 "优秀信息员"
    而且 丙 获评 "优秀信息员"
    而且 乙 没有获奖

  @变体24
  场景: 单位积分取成员加分的平均值，单位按类别分别排名
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v24"
      title = "变体24"
      [scope]
      roles = ["member"]
      unit_kinds = ["sector", "committee"]
      [scoring.split]
      mode = "full"
      [[bases]]
      id = "base"
      entity = "person"
      roles = ["member"]
      points = 60
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [unit_points]
      source = "members"
      aggregate = "average"
      of = "bonus"
      roles = ["member"]
      [rankings.units]
      group_by = "unit_kind"
      """
    而且 有以下单位：
      | 编号 | 名称   | 类别   |
      | s1   | 经济界 | 界别   |
      | s2   | 农业界 | 界别   |
      | c1   | 提案委 | 专委会 |
    而且 有以下人员：
      | 姓名 | 角色 | 单位   |
      | 甲   | 委员 | 经济界 |
      | 乙   | 委员 | 经济界 |
      | 丙   | 委员 | 农业界 |
      | 丁   | 委员 | 提案委 |
    当 2024年3月1日 甲 提交 4 篇信息
    而且 2024年3月1日 乙 提交 2 篇信息
    而且 2024年3月1日 丙 提交 5 篇信息
    而且 2024年3月1日 丁 提交 1 篇信息
    # 成员加分（不含基础分 60）：甲 4、乙 2、丙 5、丁 1
    # 经济界 (4 + 2) ÷ 2 = 3；农业界 5；提案委 1
    那么 单位 "经济界" 的积分为 3 分
    而且 单位 "农业界" 的积分为 5 分
    而且 单位 "提案委" 的积分为 1 分
    # 界别中农业界第 1、经济界第 2；专委会中提案委第 1
    而且 单位 "农业界" 在 "界别" 类中的名次为 第一名
    而且 单位 "经济界" 在 "界别" 类中的名次为 第二名
    而且 单位 "提案委" 在 "专委会" 类中的名次为 第一名
    # 甲的积分含基础分：60 + 4
    而且 甲 的积分为 64 分

  @变体25
  场景: 同分时依次比采用篇数、批示篇数
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v25"
      title = "变体25"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 2
      [[scoring.rules]]
      id = "instructed"
      event = "instructed"
      points = 2
      [rankings.people]
      order = ["points", "adopted_pieces", "instructed_pieces"]
      """
    当 2024年3月1日 委员甲 提交信息 "甲一"
    而且 2024年4月1日 信息 "甲一" 被 市政协 采用
    而且 2024年5月1日 信息 "甲一" 获 市级领导 批示
    而且 2024年3月1日 委员乙 提交信息 "乙一"
    而且 2024年4月1日 信息 "乙一" 被 市政协 采用
    而且 2024年5月1日 信息 "乙一" 被 全国政协 采用
    而且 2024年3月1日 委员丙 提交信息 "丙一"
    而且 2024年5月1日 信息 "丙一" 获 市级领导 批示
    而且 2024年6月1日 信息 "丙一" 获 省级领导 批示
    而且 2024年3月1日 委员丁 提交 5 篇信息
    # 四人都是 5 分：甲 1+2+2，乙 1+2+2，丙 1+2+2，丁 5 × 1
    # 采用篇数：甲 1、乙 1、丙 0、丁 0；再比批示篇数：甲 1 > 乙 0，丙 1 > 丁 0
    那么 甲 的积分为 5 分
    而且 丁 的积分为 5 分
    而且 甲 的名次为 第一名
    而且 乙 的名次为 第二名
    而且 丙 的名次为 第三名
    而且 丁 的名次为 第四名
