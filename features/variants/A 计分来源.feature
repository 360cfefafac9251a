# language: zh-CN
功能: A 计分来源（policy-variants.md 第 1—9 项）
  每个场景自带一个小规则集（sqmy-ruleset/2），期望值按变体的文字手算，算式写在注释中。

  背景:
    假如 考核年度为 2024 年

  @变体1
  场景: 报送即计分，采用另加分（桐城：每篇 10 分，采用再加 5 分）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v1"
      title = "变体1"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 10
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 5
      combine = "once"
      """
    当 2024年3月1日 委员甲 提交信息 "甲一"
    而且 2024年3月1日 委员甲 提交信息 "甲二"
    而且 2024年4月1日 信息 "甲一" 被 市政协 采用
    而且 2024年5月1日 信息 "甲一" 被 省政协 采用
    # 报送 10 + 10；“甲一”采用另加 5（只加一次）= 25
    那么 甲 的积分为 25 分

  @变体2
  场景: 本组织自己的刊物，各有级别和分值（常山：《要情快报》5、《XX政务》10、增刊 30、市《动态》20）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v2"
      title = "变体2"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [vocabulary]
      bodies = [
        { id = "yaoqing", name = "《要情快报》", level = "county" },
        { id = "zhengwu", name = "《XX政务》", level = "county" },
        { id = "zengkan", name = "《XX政务》增刊", level = "county" },
        { id = "dongtai", name = "《动态》", level = "city" },
      ]
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      by = "body"
      values = { yaoqing = 5, zhengwu = 10, zengkan = 30, dongtai = 20 }
      """
    当 2024年3月1日 委员甲 提交信息 "甲一"
    而且 2024年3月1日 委员甲 提交信息 "甲二"
    而且 2024年4月1日 信息 "甲一" 被 《要情快报》 采用
    而且 2024年4月1日 信息 "甲二" 被 《XX政务》增刊 采用
    而且 2024年5月1日 信息 "甲二" 被 dongtai 采用
    # 5 + 30 + 20 = 55
    那么 甲 的积分为 55 分

  @变体3
  场景: 按采用程度计分，各级不同（国家级 15/10/6，县级 4/2/0.5）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v3"
      title = "变体3"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [attributes.degree]
      type = "choice"
      values = ["full", "half", "viewpoint"]
      on = ["adopted"]
      default = "viewpoint"
      label = "采用程度"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      by = ["level", "attributes.degree"]
      values = { national = { full = 15, half = 10, viewpoint = 6 }, county = { full = 4, half = 2, viewpoint = 0.5 } }
      """
    当 2024年3月1日 委员甲 提交信息 "全文转发"
    而且 2024年3月1日 委员甲 提交信息 "半数采用"
    而且 2024年3月1日 委员甲 提交信息 "观点采用"
    而且 2024年3月1日 委员乙 提交信息 "国家级半数"
    而且 2024年7月1日 信息 "全文转发" 被 全国政协 采用，采用程度为 "full"
    而且 有以下事件：
      | 信息       | 时间       | 事件 | 机构     | 属性              |
      | 半数采用   | 2024-07-02 | 采用 | 区政协   | 采用程度为 half   |
      | 观点采用   | 2024-07-03 | 采用 | 区政协   |                   |
      | 国家级半数 | 2024-07-04 | 采用 | 全国政协 | degree = half     |
    # 甲：国家级全文 15 + 县级半数 2 + 县级未写程度（默认观点采用）0.5 = 17.5
    那么 甲 的积分为 17.5 分
    # 乙：国家级半数 10
    而且 乙 的积分为 10 分

  @变体4
  场景: 单篇采用与综合采用分值不同（50 对 20），属性可写在稿件上
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v4"
      title = "变体4"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [attributes.merged]
      type = "boolean"
      on = ["adopted", "piece"]
      default = false
      label = "综合采用"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      by = "attributes.merged"
      values = { "false" = 50, "true" = 20 }
      """
    当 2024年3月1日 委员甲 提交信息 "单篇"
    而且 2024年3月1日 委员甲 提交信息 "综合一"
    而且 2024年3月1日 委员甲 提交信息 "综合二"
    而且 信息 "综合二" 标注 综合采用为 是
    而且 2024年4月1日 信息 "单篇" 被 市政协 采用
    而且 2024年4月1日 信息 "综合一" 被 市政协 采用，综合采用为 是
    而且 2024年4月1日 信息 "综合二" 被 市政协 采用
    # 单篇 50 + 综合（写在采用上）20 + 综合（写在稿件上）20 = 90
    那么 甲 的积分为 90 分

  @变体5
  场景: 加计、可累计：各级采用分别加分（民建北京：本会刊物 1，中央或市政协 +5，全国政协或市政府 +20）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v5"
      title = "变体5"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [vocabulary]
      bodies = [{ id = "city-gov", name = "市政府", level = "city" }]
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      by = "body"
      values = { party-city = 1, party-central = 5, cppcc-city = 5, cppcc-national = 20, city-gov = 20 }
      combine = "sum"
      """
    当 2024年3月1日 会员甲 提交信息 "层层采用"
    而且 2024年3月1日 会员乙 提交信息 "市政府采用"
    而且 2024年4月1日 信息 "层层采用" 被 民建市委 采用
    而且 2024年5月1日 信息 "层层采用" 被 市政协 采用
    而且 2024年6月1日 信息 "层层采用" 被 全国政协 采用
    而且 2024年6月1日 信息 "市政府采用" 被 市政府 采用
    # 甲：1 + 5 + 20 = 26（而“只计最高一级”为 20）
    那么 甲 的积分为 26 分
    # 乙：20
    而且 乙 的积分为 20 分

  @变体6
  场景: 按领导职级计批示分，只计肯定性批示（政治局常委 15、其他国家级领导 10、省级主要领导 4、副省长 2）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v6"
      title = "变体6"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [vocabulary]
      ranks = [{ id = "psc", name = "政治局常委" }]
      [attributes.positive]
      type = "boolean"
      on = ["instructed"]
      default = true
      label = "肯定性"
      [[scoring.rules]]
      id = "instructed"
      event = "instructed"
      by = ["level", "rank"]
      values = { national = { psc = 15, principal = 10, deputy = 10 }, province = { principal = 4, deputy = 2 } }
      when = { match = { "attributes.positive" = [true] } }
      """
    当 2024年3月1日 委员甲 提交信息 "常委批示"
    而且 2024年3月1日 委员甲 提交信息 "省长批示"
    而且 2024年3月1日 委员甲 提交信息 "副省长批示"
    而且 2024年3月1日 委员甲 提交信息 "否定批示"
    而且 2024年4月1日 信息 "常委批示" 获 国家级政治局常委 批示
    而且 2024年4月1日 信息 "省长批示" 获 省级主要领导 批示
    而且 2024年4月1日 信息 "副省长批示" 获 省级分管领导 批示
    而且 2024年4月1日 信息 "否定批示" 获 国家级领导 批示，肯定性为 否
    # 15 + 4 + 2 + 0（非肯定性批示不计）= 21
    那么 甲 的积分为 21 分

  @变体7
  场景: 约稿被上级采用后才加分（民建北京：约稿被上级采用后加 10 分）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v7"
      title = "变体7"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "commission_bonus"
      event = "adopted"
      points = 10
      combine = "once"
      when = { call_kinds = ["commission"], levels = ["city", "province", "national"] }
      """
    而且 有以下约稿：
      | 编号 | 名称     | 类别     |
      | c1   | 乡村振兴 | 定向约稿 |
    当 2024年3月1日 会员甲 应约稿 "乡村振兴" 提交信息 "约稿一"
    而且 2024年3月1日 会员乙 应约稿 "乡村振兴" 提交信息 "约稿二"
    而且 2024年3月1日 会员丙 提交信息 "自由来稿"
    而且 2024年4月1日 信息 "约稿一" 被 区政协 采用
    而且 2024年5月1日 信息 "约稿一" 被 市政协 采用
    而且 2024年4月1日 信息 "约稿二" 被 区政协 采用
    而且 2024年4月1日 信息 "自由来稿" 被 市政协 采用
    # 甲：区级采用不加，市级采用后加 10 = 10
    那么 甲 的积分为 10 分
    # 乙：只有本级采用 = 0；丙：不是约稿 = 0
    而且 乙 的积分为 0 分
    而且 丙 的积分为 0 分

  @变体8
  场景: 稿酬与积分分开计（民进吕梁：各级 5/10/30/100 元）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v8"
      title = "变体8"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[tallies]]
      id = "fee"
      label = "稿酬"
      unit = "元"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 2
      [[scoring.rules]]
      id = "fee"
      event = "adopted"
      by = "level"
      values = { county = 5, city = 10, province = 30, national = 100 }
      tally = "fee"
      """
    当 2024年3月1日 会员甲 提交信息 "甲一"
    而且 2024年3月1日 会员甲 提交信息 "甲二"
    而且 2024年4月1日 信息 "甲一" 被 区政协 采用
    而且 2024年5月1日 信息 "甲一" 被 全国政协 采用
    而且 2024年4月1日 信息 "甲二" 被 市政协 采用
    # 稿酬：5 + 100 + 10 = 115 元
    那么 甲 的 "稿酬" 为 115 元
    # 积分只算采用分：3 次 × 2 = 6（稿酬不计入积分）
    而且 甲 的积分为 6 分

  @变体9
  场景: 社情民意作为委员履职积分的一个分项（闵行、宣威：会议 5、调研 2、提案牵头 15、参与 3）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v9"
      title = "变体9"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [vocabulary]
      activity_kinds = [
        { id = "meeting", name = "参加会议" },
        { id = "survey", name = "参加调研" },
        { id = "proposal", name = "提案" },
      ]
      [attributes.part]
      type = "choice"
      values = ["lead", "participant"]
      on = ["activity"]
      default = "participant"
      label = "担任"
      [[sections]]
      id = "sqmy"
      label = "社情民意"
      [[sections]]
      id = "duty"
      label = "履职"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [[activities]]
      id = "meeting"
      kinds = ["meeting"]
      points = 5
      section = "duty"
      [[activities]]
      id = "survey"
      kinds = ["survey"]
      points = 2
      section = "duty"
      [[activities]]
      id = "proposal"
      kinds = ["proposal"]
      by = "attributes.part"
      values = { lead = 15, participant = 3 }
      section = "duty"
      """
    当 2024年3月1日 委员甲 参加 3 次活动 "参加会议"
    而且 2024年4月1日 委员甲 参加活动 "survey"
    而且 2024年5月1日 委员甲 参加活动 "提案"，担任为 "lead"
    而且 2024年5月1日 委员乙 参加活动 "提案"
    而且 2024年6月1日 委员甲 提交信息 "甲一"
    而且 2024年6月1日 委员甲 提交信息 "甲二"
    # 甲：履职 = 会议 3 × 5 + 调研 2 + 提案牵头 15 = 32；社情民意 = 2 篇 × 1 = 2；合计 34
    那么 甲 的 "履职" 分项为 32 分
    而且 甲 的 "社情民意" 分项为 2 分
    而且 甲 的积分为 34 分
    # 乙：提案参与（默认）3
    而且 乙 的 "duty" 分项为 3 分
