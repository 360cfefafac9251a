# language: zh-CN
功能: B 合并方式（policy-variants.md 第 10—13 项）
  每个场景自带一个小规则集（sqmy-ruleset/2），期望值按变体的文字手算，算式写在注释中。

  背景:
    假如 考核年度为 2024 年

  @变体10
  场景: 只计最高一级，后来更高一级采用的补差（跨年度也补差）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v10a"
      title = "变体10 最高一级"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      by = "level"
      values = { county = 1, city = 3, national = 10 }
      combine = "highest"
      """
    当 2023年11月1日 委员甲 提交信息 "跨年"
    而且 2023年11月20日 信息 "跨年" 被 区政协 采用
    而且 2024年3月1日 信息 "跨年" 被 全国政协 采用
    而且 2024年5月1日 信息 "跨年" 被 市政协 采用
    # 2023 年：区级 1
    那么 甲 的 2023 年度积分为 1 分
    # 2024 年：补到国家级 10 − 已计 1 = 9；其后市级采用低于已计的最高级，不再加分
    而且 甲 的 2024 年度积分为 9 分

  @变体10
  场景: 按机构分别计分、累加，每篇封顶（党派示例：每篇不超过 20 分）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v10b"
      title = "变体10 分别累加封顶"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      by = "body"
      values = { party-city = 2, cppcc-city = 4, party-central = 6, cppcc-national = 10 }
      combine = "sum_distinct"
      distinct_by = "body"
      cap = 20
      """
    当 2024年3月1日 会员甲 提交信息 "多家采用"
    而且 2024年3月1日 会员乙 提交信息 "同一机构两次"
    而且 2024年4月1日 信息 "多家采用" 被 民建市委 采用
    而且 2024年4月2日 信息 "多家采用" 被 市政协 采用
    而且 2024年4月3日 信息 "多家采用" 被 民建中央 采用
    而且 2024年4月4日 信息 "多家采用" 被 全国政协 采用
    而且 2024年4月1日 信息 "同一机构两次" 被 市政协 采用
    而且 2024年5月1日 信息 "同一机构两次" 被 市政协 采用
    # 甲：2 + 4 + 6 + 10 = 22，每篇封顶 20
    那么 甲 的积分为 20 分
    # 乙：同一机构两次只计一次 = 4
    而且 乙 的积分为 4 分

  @变体10
  场景: 每次采用都计分、不封顶（委员会示例）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v10c"
      title = "变体10 累加不封顶"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      by = "level"
      values = { county = 1, city = 4 }
      combine = "sum"
      """
    当 2024年3月1日 委员甲 提交信息 "多次采用"
    而且 2024年4月1日 信息 "多次采用" 被 市政协 采用
    而且 2024年5月1日 信息 "多次采用" 被 市政协 采用
    而且 2024年6月1日 信息 "多次采用" 被 区政协 采用
    # 4 + 4 + 1 = 9
    那么 甲 的积分为 9 分

  @变体11
  场景: 每篇封顶与分项每年封顶（桐城：社情民意至多 15 分）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v11a"
      title = "变体11 封顶"
      [scope]
      roles = ["member"]
      [scoring]
      piece_cap = 12
      [scoring.split]
      mode = "full"
      [[sections]]
      id = "sqmy"
      label = "社情民意"
      cap = 15
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 10
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 5
      """
    当 2024年3月1日 委员甲 提交信息 "甲一"
    而且 2024年3月1日 委员甲 提交信息 "甲二"
    而且 2024年3月1日 委员乙 提交信息 "乙一"
    而且 2024年4月1日 信息 "甲一" 被 市政协 采用
    而且 2024年5月1日 信息 "甲一" 被 省政协 采用
    # 甲：“甲一” 10 + 5 + 5 = 20，每篇封顶 12；“甲二” 10；分项 12 + 10 = 22，封顶 15
    那么 甲 的 "社情民意" 分项为 15 分
    而且 甲 的积分为 15 分
    # 乙：10
    而且 乙 的积分为 10 分

  @变体11
  场景: 基础分之上的加分封顶（济南：基础 70 分，加分至多 50 分）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v11b"
      title = "变体11 加分封顶"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[bases]]
      id = "base"
      entity = "person"
      roles = ["member"]
      points = 70
      [totals]
      bonus_cap = 50
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 20
      """
    当 2024年3月1日 委员甲 提交信息 "甲一"
    而且 2024年3月1日 委员乙 提交信息 "乙一"
    而且 2024年4月1日 信息 "甲一" 被 市政协 采用
    而且 2024年5月1日 信息 "甲一" 被 省政协 采用
    而且 2024年6月1日 信息 "甲一" 被 全国政协 采用
    而且 2024年4月1日 信息 "乙一" 被 市政协 采用
    # 甲：70 + min(3 × 20, 50) = 120
    那么 甲 的积分为 120 分
    # 乙：70 + 20 = 90
    而且 乙 的积分为 90 分

  @变体11
  场景: 扣分扣完为止（安庆：扣完 50 分为止）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v11c"
      title = "变体11 保底"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[bases]]
      id = "base"
      entity = "person"
      roles = ["member"]
      points = 50
      [[sections]]
      id = "sqmy"
      label = "社情民意"
      [[sections]]
      id = "deduct"
      label = "扣分"
      floor = -50
      [adjustments]
      count = true
      section = "deduct"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      """
    当 2024年5月1日 办公室给予 委员甲 扣 30 分，理由 "未按时报送"
    而且 2024年6月1日 办公室给予 委员甲 扣 30 分，理由 "未按时报送"
    而且 2024年5月1日 办公室给予 委员乙 扣 20 分，理由 "未按时报送"
    # 甲：扣分分项 −30 − 30 = −60，扣完 50 为止 → −50；积分 50 − 50 = 0
    那么 甲 的 "扣分" 分项为 -50 分
    而且 甲 的积分为 0 分
    # 乙：50 − 20 = 30
    而且 乙 的积分为 30 分

  @变体12
  场景: 第一作者 60%，其余作者分享 40%（区政协示例）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v12a"
      title = "变体12 六四分"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "first_share"
      first_share = 0.6
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      """
    当 2024年3月1日 委员甲、委员乙、委员丙 联名提交信息 "三人联名"
    # 甲 1 × 60% = 0.6；乙、丙各 1 × 40% ÷ 2 = 0.2
    那么 甲 的积分为 0.6 分
    而且 乙 的积分为 0.2 分
    而且 丙 的积分为 0.2 分

  @变体12
  场景: 第一作者一半，其余均摊另一半，集体稿件至多计三人（桐城：折半计分、均摊）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v12b"
      title = "变体12 折半均摊"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "first_share"
      first_share = 0.5
      max_authors = 3
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 10
      """
    当 2024年3月1日 委员甲、委员乙、委员丙、委员丁 联名提交信息 "集体稿件"
    # 只计前三位：甲 10 × 1/2 = 5；乙、丙各 10 × 1/2 ÷ 2 = 2.5；丁 0
    那么 甲 的积分为 5 分
    而且 乙 的积分为 2.5 分
    而且 丙 的积分为 2.5 分
    而且 丁 的积分为 0 分

  @变体12
  场景: 按作者位次的固定分值（牵头 15、参与各 3），以及某一款各得全分、其余均分
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v12c"
      title = "变体12 位次与均分"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "equal"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 15
      split = { mode = "positions", shares = [1, 0.2] }
      [[scoring.rules]]
      id = "instructed"
      event = "instructed"
      points = 4
      split = { mode = "full" }
      """
    当 2024年3月1日 委员甲、委员乙、委员丙 联名提交信息 "三人稿"
    而且 2024年4月1日 信息 "三人稿" 被 市政协 采用
    而且 2024年5月1日 信息 "三人稿" 获 市级领导 批示
    # 甲：报送均分 1/3 + 采用牵头 15 + 批示全分 4 = 58/3
    那么 甲 的积分为 58/3 分
    # 乙、丙：1/3 + 15 × 0.2 = 3 + 4 = 22/3
    而且 乙 的积分为 22/3 分
    而且 丙 的积分约为 7.33 分

  @变体13
  场景: 报送单位与作者分别记分，某一款只计个人；人大代表另行计分
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v13"
      title = "变体13"
      [scope]
      roles = ["member", "delegate"]
      unit_kinds = ["sector"]
      [vocabulary]
      roles = [{ id = "delegate", name = "人大代表" }]
      [scoring]
      unit_credit = "full"
      [scoring.split]
      mode = "first_share"
      first_share = 0.6
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 5
      entities = ["person"]
      """
    而且 单位 "经济界" 是 界别
    而且 有以下人员：
      | 编号 | 姓名 | 角色     |
      | p3   | 丙   | 人大代表 |
    当 2024年3月1日 委员甲、委员乙 以 "经济界" 名义提交信息 "联名稿"
    而且 2024年4月1日 信息 "联名稿" 被 市政协 采用
    而且 2024年3月1日 丙 提交信息 "代表的稿"
    # 单位：报送 1（全额），采用只计个人 = 1
    那么 单位 "经济界" 的积分为 1 分
    # 甲：(1 + 5) × 60% = 3.6；乙：(1 + 5) × 40% = 2.4
    而且 甲 的积分为 3.6 分
    而且 乙 的积分为 2.4 分
    # 人大代表丙单独计分：1
    而且 丙 的积分为 1 分
