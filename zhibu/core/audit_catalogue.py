"""Every audit event zhibu writes, with its Chinese label: one ``Event`` member each. ``audit.record`` takes only an
``Event``, so a misspelt event fails where it is written (mypy, or an AttributeError at import) instead of showing raw
in the log; the audit page filters by it, and tests check that each catalogued event is written somewhere and, done
once, writes exactly one complete row."""

import enum


class Event(enum.StrEnum):
    label: str

    def __new__(cls, value: str, label: str) -> "Event":
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    AUTH_LOGIN = "auth.login", "登录成功"
    AUTH_LOGIN_FAILED = "auth.login_failed", "登录失败"
    AUTH_LOGOUT = "auth.logout", "退出登录"
    AUTH_LOCKOUT = "auth.lockout", "账号锁定"
    AUTH_UNLOCKED = "auth.unlocked", "账号解锁"
    AUTH_THROTTLED = "auth.throttled", "来源IP限流"
    AUTH_PASSWORD_CHANGED = "auth.password_changed", "修改密码"
    AUTH_OTP_ENROLLED = "auth.otp_enrolled", "绑定动态口令"
    AUTH_OTP_FAILED = "auth.otp_failed", "动态口令错误"
    TOKEN_ISSUED = "token.issued", "生成接口令牌"
    TOKEN_REVOKED = "token.revoked", "撤销接口令牌"
    AUTH_CALENDAR_LINK_ISSUED = "auth.calendar_link_issued", "生成日历订阅链接"
    ACCESS_DENIED = "access.denied", "越权访问被拒绝"
    USER_CREATED = "user.created", "新建账号"
    USER_DISABLED = "user.disabled", "停用账号"
    USER_PASSWORD_RESET = "user.password_reset", "重置密码"
    ROLE_GRANTED = "role.granted", "授予角色"
    ROLE_REVOKED = "role.revoked", "撤销角色"
    SECURITY_KEYS_ROTATED = "security.keys_rotated", "密钥轮换"
    SETTINGS_CHANGED = "settings.changed", "修改系统设置"
    WORKDAY_OVERRIDE_ADDED = "workday.override_added", "录入节假日或调休工作日"
    WORKDAY_OVERRIDE_REMOVED = "workday.override_removed", "删除节假日或调休工作日"
    WORKDAY_YEAR_CONFIRMED = "workday.year_confirmed", "确认年度节假日安排"
    WORKDAY_EXPORTED = "workday.exported", "导出节假日与调休安排"
    AUDIT_PURGED = "audit.purged", "清理过期审计日志"
    AUDIT_CHECKPOINTED = "audit.checkpointed", "签名审计检查点"
    AUDIT_EXPORTED = "audit.exported", "导出审计日志"
    ATTACHMENT_UPLOADED = "attachment.uploaded", "上传附件"
    ORGANIZATION_CREATED = "organization.created", "新建党组织"
    ORGANIZATION_UPDATED = "organization.updated", "修改党组织"
    ORGANIZATION_STATUS_CHANGED = "organization.status_changed", "党组织状态变更"
    ORGANIZATION_DELETED = "organization.deleted", "删除党组织"
    ORGANIZATION_EXPORTED = "organization.exported", "导出党组织"
    UNIT_CREATED = "unit.created", "新建单位"
    UNIT_UPDATED = "unit.updated", "修改单位"
    UNIT_EXPORTED = "unit.exported", "导出单位"
    TERM_CREATED = "term.created", "换届登记"
    TERM_DELAY_APPROVED = "term.delay_approved", "批准延期换届"
    TERM_UPDATED = "term.updated", "修改届次"
    TERM_CLOSED = "term.closed", "届次结束"
    TERM_REMINDERS_SENT = "term.reminders_sent", "发送换届提醒"
    POSITION_ASSIGNED = "position.assigned", "委员任职"
    POSITION_ENDED = "position.ended", "委员离任"
    POSITION_VACATED = "position.vacated", "职务空缺"
    MEMBER_CREATED = "member.created", "登记党员"
    MEMBER_UPDATED = "member.updated", "修改党员信息"
    MEMBER_EVENT_RECORDED = "member.event_recorded", "党员状态变动"
    MEMBER_REACTIVATED = "member.reactivated", "党员重新转入"
    MEMBER_ACCOUNT_LINKED = "member.account_linked", "关联登录账号"
    MEMBER_IMPORTED = "member.imported", "批量导入党员"
    MEMBER_EXPORTED = "member.exported", "导出党员名册"
    MEMBER_REVEALED = "member.revealed", "查看完整敏感信息"
    MEMBER_SEARCHED_BY_ID = "member.searched_by_id", "按身份证号查找党员"
    MEMBER_RESTRICTED = "member.restricted", "限制处理党员信息"
    RECRUIT_CREATED = "recruit.created", "登记入党申请人"
    RECRUIT_STEP_RECORDED = "recruit.step_recorded", "登记发展党员步骤"
    RECRUIT_STOPPED = "recruit.stopped", "终止培养"
    RECRUIT_EVIDENCE_ADDED = "recruit.evidence_added", "补充发展步骤材料"
    RECRUIT_EXPORTED = "recruit.exported", "导出发展党员名单"
    RECRUITS_IMPORTED = "recruit.imported", "批量导入发展党员"
    RECRUIT_REMINDERS_SENT = "recruit.reminders_sent", "发送发展党员到期提醒"
    MEMBER_PURGED = "member.purged", "清除党员个人信息"
    MEMBER_PHOTO_CHANGED = "member.photo_changed", "更换党员照片"
    TRANSFER_STARTED = "transfer.started", "开具组织关系转接"
    TRANSFER_COMPLETED = "transfer.completed", "组织关系转接完成"
    TRANSFER_CANCELLED = "transfer.cancelled", "撤销组织关系转接"
    TRANSFER_RECEIVED = "transfer.received", "从系统外转入"
    ACTIVITY_PLANNED = "activity.planned", "安排会议活动"
    ACTIVITY_HELD = "activity.held", "登记会议召开"
    ACTIVITY_ATTENDANCE_RECORDED = "activity.attendance_recorded", "登记出席情况"
    ACTIVITY_VOTE_RECORDED = "activity.vote_recorded", "登记表决"
    ACTIVITY_MINUTED = "activity.minuted", "填写会议记录"
    ACTIVITY_SIGNED = "activity.signed", "签发会议记录"
    ACTIVITY_AMENDED = "activity.amended", "更正会议记录"
    ACTIVITY_MAKEUP_RECORDED = "activity.makeup_recorded", "登记补学"
    ACTIVITY_CHECKED_IN = "activity.checked_in", "扫码签到"
    ACTIVITY_EVIDENCE_ADDED = "activity.evidence_added", "上传会议佐证材料"
    REMINDERS_SENT = "reminders.sent", "发送每日提醒"
    TALK_RECORDED = "talk.recorded", "登记谈心谈话"
    APPRAISAL_SAVED = "appraisal.saved", "登记民主评议结果"
    RESOLUTION_CREATED = "resolution.created", "登记决议"
    RESOLUTION_COMPLETED = "resolution.completed", "决议销号"
    ACTIVITY_CANCELLED = "activity.cancelled", "取消会议活动"
    ACTIVITY_RESCHEDULED = "activity.rescheduled", "调整会议安排"
    ACTIVITY_YEAR_PLANNED = "activity.year_planned", "生成年度会议计划"
    STANDARDS_RECOMPUTED = "standards.recomputed", "重新评估达标情况"
    STANDARDS_NOTE_SUBMITTED = "standards.note_submitted", "提交情况说明"
    STANDARDS_NOTE_ACCEPTED = "standards.note_accepted", "接受情况说明"
    STANDARDS_NOTE_RETURNED = "standards.note_returned", "退回情况说明"
    STANDARDS_OVERRIDE_SAVED = "standards.override_saved", "调整标准参数"
    STANDARDS_OVERRIDE_DELETED = "standards.override_deleted", "恢复标准参数默认值"
    STANDARDS_EXPORTED = "standards.exported", "导出达标情况"
    INSPECTION_PLAN_CREATED = "inspection.plan_created", "新建督查计划"
    INSPECTION_PLAN_CLOSED = "inspection.plan_closed", "结束督查"
    INSPECTION_FINDING_ADDED = "inspection.finding_added", "记录督查发现的问题"
    RECTIFICATION_CREATED = "rectification.created", "下达整改要求"
    RECTIFICATION_REPORTED = "rectification.reported", "报告整改完成"
    RECTIFICATION_CLOSED = "rectification.closed", "整改销号"
    RECTIFICATION_RETURNED = "rectification.returned", "退回整改"
    RECTIFICATION_ESCALATED = "rectification.escalated", "逾期整改上报"
    RECTIFICATION_EXPORTED = "rectification.exported", "导出整改事项"
    RATING_SHEET_CREATED = "rating.sheet_created", "新建星级评定表"
    RATING_ITEM_ADDED = "rating.item_added", "增加评分项目"
    RATING_ITEM_DELETED = "rating.item_deleted", "删除评分项目"
    RATING_SCORED = "rating.scored", "星级评定打分"
    RATING_LOCKED = "rating.locked", "星级评定定稿"
    RATING_EXPORTED = "rating.exported", "导出星级评定结果"
    LEDGER_EXPORTED = "ledger.exported", "导出台账"
    DUES_ASSESSED = "dues.assessed", "核定党费"
    DUES_PAYMENT_RECORDED = "dues.payment_recorded", "登记党费缴纳"
    DUES_PAYMENT_REVERSED = "dues.payment_reversed", "党费冲正"
    DUES_ALERTS_SENT = "dues.alerts_sent", "发送党费欠缴提醒"
    DUES_REMITTED = "dues.remitted", "登记党费上缴中央"
    DUES_PUBLISHED = "dues.published", "登记党费收缴情况公示"


EVENTS: dict[str, str] = {event.value: event.label for event in Event}

# Events no longer written, whose rows stay in the log (and in its hash chain) and still read in Chinese.
RETIRED = {
    "auth.api_token_issued": "生成接口令牌（旧式明文令牌）",
}


def label(event: str) -> str:
    return EVENTS.get(event) or RETIRED.get(event, event)
