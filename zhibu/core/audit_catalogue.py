"""Every audit event zhibu writes, with its Chinese label. The audit page filters by it; a test checks that each
catalogued action, done once, writes exactly one complete row."""

EVENTS = {
    # security events
    "auth.login": "登录成功",
    "auth.login_failed": "登录失败",
    "auth.logout": "退出登录",
    "auth.lockout": "账号锁定",
    "auth.unlocked": "账号解锁",
    "auth.throttled": "来源IP限流",
    "auth.password_changed": "修改密码",
    "auth.otp_enrolled": "绑定动态口令",
    "auth.otp_failed": "动态口令错误",
    "auth.api_token_issued": "生成接口令牌",
    "auth.calendar_link_issued": "生成日历订阅链接",
    "access.denied": "越权访问被拒绝",
    "user.created": "新建账号",
    "user.disabled": "停用账号",
    "role.granted": "授予角色",
    "role.revoked": "撤销角色",
    "security.keys_rotated": "密钥轮换",
    "settings.changed": "修改系统设置",
    "audit.purged": "清理过期审计日志",
    "audit.exported": "导出审计日志",
    "attachment.uploaded": "上传附件",
    # records
    "organization.created": "新建党组织",
    "organization.updated": "修改党组织",
    "organization.status_changed": "党组织状态变更",
    "organization.deleted": "删除党组织",
    "organization.exported": "导出党组织",
    "unit.created": "新建单位",
    "unit.updated": "修改单位",
    "unit.exported": "导出单位",
    "term.created": "换届登记",
    "term.updated": "修改届次",
    "term.closed": "届次结束",
    "position.assigned": "委员任职",
    "position.ended": "委员离任",
    "position.vacated": "职务空缺",
    "member.created": "登记党员",
    "member.updated": "修改党员信息",
    "member.event_recorded": "党员状态变动",
    "member.reactivated": "党员重新转入",
    "member.account_linked": "关联登录账号",
    "member.imported": "批量导入党员",
    "member.exported": "导出党员名册",
    "member.revealed": "查看完整敏感信息",
    "member.restricted": "限制处理党员信息",
    "member.purged": "清除党员个人信息",
    "member.photo_changed": "更换党员照片",
    "transfer.started": "开具组织关系转接",
    "transfer.completed": "组织关系转接完成",
    "transfer.cancelled": "撤销组织关系转接",
    "transfer.received": "从系统外转入",
}


def label(event: str) -> str:
    return EVENTS.get(event, event)


EVENTS.update(
    {
        "activity.planned": "安排会议活动",
        "activity.held": "登记会议召开",
        "activity.attendance_recorded": "登记出席情况",
        "activity.vote_recorded": "登记表决",
        "activity.minuted": "填写会议记录",
        "activity.signed": "签发会议记录",
        "activity.amended": "更正会议记录",
        "activity.makeup_recorded": "登记补学",
        "activity.checked_in": "扫码签到",
        "activity.evidence_added": "上传会议佐证材料",
        "reminders.sent": "发送每日提醒",
        "talk.recorded": "登记谈心谈话",
        "appraisal.saved": "登记民主评议结果",
        "resolution.created": "登记决议",
        "resolution.completed": "决议销号",
    }
)
