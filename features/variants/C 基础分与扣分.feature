# language: zh-CN
功能: C 基础分、扣分与处罚（policy-variants.md 第 14—17 项）
  每个场景自带一个小规则集（sqmy-ruleset/2），期望值按变体的文字手算，算式写在注释中。

  背景:
    假如 考核年度为 2024 年

  @变体14
  场景: 个人有基础分，单位没有
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v14"
      title = "变体14"
      [scope]
      roles = ["member"]
      unit_kinds = ["sector"]
      [scoring.split]
      mode = "full"
      [[bases]]
      id = "member_base"
      entity = "person"
      roles = ["member"]
      points = 60
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      """
    而且 单位 "经济界" 是 界别
    当 2024年3月1日 委员甲 以 "经济界" 名义提交信息 "甲一"
    # 甲：基础 60 + 报送 1 = 61
    那么 甲 的积分为 61 分
    # 单位：没有基础分，报送 1
    而且 单位 "经济界" 的积分为 1 分

  @变体15
  场景: 每季度未完成指标扣分，全年至多扣 6 分
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v15a"
      title = "变体15 季度扣分"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[bases]]
      id = "base"
      entity = "person"
      roles = ["member"]
      points = 100
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [[quotas]]
      id = "quarterly"
      label = "每季度至少 1 篇"
      entity = "person"
      roles = ["member"]
      metric = "submitted"
      min = 1
      period = "quarter"
      [[period_points]]
      id = "q_deduct"
      quota = "quarterly"
      met = 0
      missed = -2
      limit = 6
      """
    当 2024年2月1日 委员甲 提交信息 "甲一"
    而且 2024年2月1日 委员乙 提交信息 "乙一"
    而且 2024年5月1日 委员乙 提交信息 "乙二"
    而且 2024年2月1日 委员丁 提交信息 "丁一"
    而且 2024年5月1日 委员丁 提交信息 "丁二"
    而且 2024年8月1日 委员丁 提交信息 "丁三"
    而且 2024年11月1日 委员丁 提交信息 "丁四"
    # 甲：100 + 1 − 3 个季度 × 2 = 95
    那么 甲 的积分为 95 分
    # 乙：100 + 2 − 2 × 2 = 98
    而且 乙 的积分为 98 分
    # 丁：100 + 4，四个季度都完成 = 104
    而且 丁 的积分为 104 分

  @变体15
  场景: 每月完成指标才得当月基础分（常山：每月 10 分，全年 120 分）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v15b"
      title = "变体15 月度基础分"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 1
      [[quotas]]
      id = "monthly"
      label = "每月至少报送 1 篇"
      entity = "person"
      roles = ["member"]
      metric = "submitted"
      min = 1
      period = "month"
      [[period_points]]
      id = "monthly_base"
      quota = "monthly"
      met = 10
      missed = 0
      """
    当 2024年1月5日 委员甲 提交信息 "一月"
    而且 2024年2月5日 委员甲 提交信息 "二月"
    而且 2024年3月5日 委员甲 提交信息 "三月"
    而且 2024年3月6日 委员甲 提交信息 "三月又一篇"
    # 甲：1、2、3 月各 10 分（3 月两篇也只 10 分），其余 9 个月缺报不得 = 30
    那么 甲 的积分为 30 分

  @变体16
  场景: 抄袭第一次警告
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v16a"
      title = "变体16 警告"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [vocabulary]
      penalty_kinds = [{ id = "plagiarism", name = "抄袭" }]
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 2
      [[penalties]]
      id = "plagiarism"
      on = "penalized"
      kinds = ["plagiarism"]
      entity = "person"
      count = "ever"
      steps = [{ points = 0, flag = "warned", label = "警告" }, { points = -5 }, { points = -10, disqualify = true }]
      """
    当 2024年3月1日 会员甲 提交信息 "甲一"
    而且 2024年3月1日 会员甲 提交信息 "甲二"
    而且 2024年3月1日 会员乙 提交信息 "乙一"
    而且 2024年6月1日 信息 "甲一" 被认定 "抄袭"
    # 甲：2 × 2 = 4，第一次只警告，不扣分
    那么 甲 的积分为 4 分
    而且 甲 有标记 "警告"
    而且 乙 没有标记 "warned"

  @变体16
  场景: 抄袭第二次扣分，第三次扣分并取消评先资格
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v16b"
      title = "变体16 扣分与取消资格"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [vocabulary]
      penalty_kinds = [{ id = "plagiarism", name = "抄袭" }]
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 2
      [[penalties]]
      id = "plagiarism"
      on = "penalized"
      kinds = ["plagiarism"]
      entity = "person"
      count = "ever"
      steps = [{ points = 0, flag = "warned", label = "警告" }, { points = -5 }, { points = -10, disqualify = true }]
      [[awards]]
      id = "advanced"
      entity = "person"
      exclude_disqualified = true
      tiers = [{ label = "先进个人", min_points = 1 }]
      """
    当 2024年3月1日 会员甲、会员丙 联名提交信息 "甲一"
    而且 2024年3月1日 会员甲 提交信息 "甲二"
    而且 2024年3月1日 会员甲 提交信息 "甲三"
    而且 2024年3月1日 会员甲 提交信息 "甲四"
    而且 2024年3月1日 会员乙 提交信息 "乙一"
    而且 2023年6月1日 会员甲 提交信息 "去年的稿"
    而且 2023年7月1日 信息 "去年的稿" 被认定 "plagiarism"
    而且 2024年6月1日 信息 "甲一" 被认定 "抄袭"，责任人 甲
    而且 2024年7月1日 信息 "甲二" 被认定 "抄袭"
    # 甲：4 篇 × 2 = 8；累计第 1 次（2023 年）警告，第 2 次 −5，第 3 次 −10 并取消资格 → 8 − 15 = −7
    那么 甲 的积分为 -7 分
    而且 甲 未获评 "先进个人"
    # 丙：联名稿 2 分，责任人只是甲，不受处罚
    而且 丙 的积分为 2 分
    而且 丙 获评 "先进个人"
    而且 乙 获评 "先进个人"

  @变体17
  场景: 办公室加分、扣分，写明理由，不与信息相关
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v17"
      title = "变体17"
      [scope]
      roles = ["member"]
      unit_kinds = ["sector"]
      [scoring.split]
      mode = "full"
      [[sections]]
      id = "sqmy"
      label = "社情民意"
      [[sections]]
      id = "other"
      label = "其他"
      [adjustments]
      count = true
      label = "加减分"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      """
    而且 单位 "经济界" 是 界别
    当 2024年3月1日 委员甲 提交信息 "甲一"
    而且 2024年5月1日 办公室给予 委员甲 加 2 分，理由 "协助调研"，依据 "第九条"，计入 "其他"
    而且 2024年6月1日 办公室给予 甲 减 1.5 分，理由 "材料失实"
    而且 2024年6月1日 办公室给予 单位 "经济界" 加 3 分，理由 "组织有力"
    # 甲：社情民意 = 报送 1 − 1.5（未写分项，计入第一个分项）= −0.5；其他 = 2；合计 1.5
    那么 甲 的 "社情民意" 分项为 -0.5 分
    而且 甲 的 "其他" 分项为 2 分
    而且 甲 的积分为 1.5 分
    # 单位：加 3
    而且 单位 "经济界" 的积分为 3 分
