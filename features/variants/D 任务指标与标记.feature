# language: zh-CN
功能: D 任务指标与标记（policy-variants.md 第 18—20 项）
  每个场景自带一个小规则集（sqmy-ruleset/2），期望值按变体的文字手算，算式写在注释中。

  背景:
    假如 考核年度为 2024 年

  @变体18
  场景: 每位委员每年至少 1 篇被采用（九龙坡）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v18a"
      title = "变体18 采用指标"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [[quotas]]
      id = "adopted_one"
      label = "每年至少 1 篇被采用"
      entity = "person"
      roles = ["member"]
      metric = "adopted"
      min = 1
      """
    当 2024年3月1日 委员甲 提交信息 "甲一"
    而且 2024年3月1日 委员乙 提交 3 篇信息
    而且 2024年4月1日 信息 "甲一" 被 区政协 采用
    # 甲：采用 1 篇 ≥ 1
    那么 甲 完成任务指标
    # 乙：报送 3 篇，采用 0 篇 < 1
    而且 乙 的任务指标 "每年至少 1 篇被采用" 未完成，计 0 篇

  @变体18
  场景: 每半年的报送指标，联名稿只计第一作者
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v18b"
      title = "变体18 半年指标"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [[quotas]]
      id = "half"
      label = "每半年至少 1 篇"
      entity = "person"
      roles = ["member"]
      metric = "submitted"
      min = 1
      period = "half"
      joint = "first"
      """
    当 2024年3月1日 委员甲 提交信息 "甲上半年一"
    而且 2024年4月1日 委员甲 提交信息 "甲上半年二"
    而且 2024年8月1日 委员乙、委员甲 联名提交信息 "乙领衔"
    而且 2024年3月1日 委员丙 提交信息 "丙上半年"
    而且 2024年9月1日 委员丙 提交信息 "丙下半年"
    # 甲：上半年 2 篇；下半年只是第二作者，计 0 → 未完成，合计 2 篇
    那么 甲 的任务指标 "每半年至少 1 篇" 未完成，计 2 篇
    # 乙：上半年 0、下半年 1 → 未完成
    而且 乙 的任务指标 "half" 未完成，计 1 篇
    # 丙：两个半年各 1 → 完成
    而且 丙 的任务指标 "half" 完成，计 2 篇

  @变体19
  场景: 年中任职的，此前的季度不考核
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v19a"
      title = "变体19 任职期间"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
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
      tenure = "in_office"
      """
    而且 委员甲 于 2024年7月1日 任职
    而且 委员乙 于 2023年1月1日 任职
    而且 委员丙 于 2024年7月1日 离任
    当 2024年8月1日 甲 提交信息 "甲三季度"
    而且 2024年11月1日 甲 提交信息 "甲四季度"
    而且 2024年8月1日 乙 提交信息 "乙三季度"
    而且 2024年11月1日 乙 提交信息 "乙四季度"
    而且 2024年2月1日 丙 提交信息 "丙一季度"
    而且 2024年5月1日 丙 提交信息 "丙二季度"
    # 甲：7 月 1 日任职，只考核三、四季度，各 1 篇 → 完成
    那么 甲 完成任务指标
    # 乙：全年在任，一、二季度 0 篇 → 未完成
    而且 乙 未完成任务指标
    # 丙：7 月 1 日离任，只考核一、二季度，各 1 篇 → 完成
    而且 丙 完成任务指标

  @变体19
  场景: 年度指标按任职时间折算，向上取整
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v19b"
      title = "变体19 折算"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 1
      [[quotas]]
      id = "yearly"
      label = "每年至少 4 篇"
      entity = "person"
      roles = ["member"]
      metric = "submitted"
      min = 4
      tenure = "prorate"
      """
    而且 委员甲 于 2024年7月2日 任职
    而且 委员丙 于 2024年9月1日 任职
    当 2024年8月1日 甲 提交信息 "甲一"
    而且 2024年9月1日 甲 提交信息 "甲二"
    而且 2024年10月1日 丙 提交信息 "丙一"
    而且 2024年3月1日 委员乙 提交 3 篇信息
    # 甲：7 月 2 日至年底 183 天 / 366 天 = 1/2，4 × 1/2 = 2 篇 → 2 篇完成
    那么 甲 的任务指标 "每年至少 4 篇" 完成，计 2 篇
    # 丙：9 月 1 日至年底 122 天，4 × 122/366 = 4/3，向上取整 2 篇 → 1 篇未完成
    而且 丙 的任务指标 "yearly" 未完成，计 1 篇
    # 乙：全年在任，4 篇 → 3 篇未完成
    而且 乙 的任务指标 "yearly" 未完成，计 3 篇

  @变体20
  场景: 积分不足与连续未完成指标的几种标记（济南、武胜）
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "v20"
      title = "变体20"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 10
      [[quotas]]
      id = "six"
      label = "每年至少 6 篇"
      entity = "person"
      roles = ["member"]
      metric = "submitted"
      min = 6
      [[flags]]
      id = "talk_convener"
      label = "界别召集人谈话"
      below_points = 60
      [[flags]]
      id = "talk_leadership"
      label = "主席会议成员谈话"
      below_points = 60
      consecutive_years = 2
      level = 2
      [[flags]]
      id = "talk_quota"
      label = "连续两年未完成指标谈话"
      quota = "six"
      consecutive_years = 2
      """
    当 2023年3月1日 委员甲 提交 5 篇信息
    而且 2024年3月1日 甲 提交 5 篇信息
    而且 2023年3月1日 委员乙 提交 7 篇信息
    而且 2024年3月1日 乙 提交 5 篇信息
    而且 2023年3月1日 委员丙 提交 5 篇信息
    而且 2024年3月1日 丙 提交 7 篇信息
    而且 评估 2024 年度
    # 甲：2023 年 50、2024 年 50，两年都不足 60；两年都不足 6 篇
    那么 甲 有标记 "界别召集人谈话"
    而且 甲 有标记 "talk_leadership"
    而且 甲 有标记 "连续两年未完成指标谈话"
    # 乙：2023 年 70、2024 年 50：只有当年不足 60
    而且 乙 有标记 "talk_convener"
    而且 乙 没有标记 "talk_leadership"
    而且 乙 没有标记 "talk_quota"
    # 丙：2024 年 70 分、7 篇
    而且 丙 没有标记 "talk_convener"
    而且 丙 没有标记 "talk_leadership"
    而且 丙 没有标记 "talk_quota"
