from django.db import models

ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
ETHNICITY_CHOICES = [(name, name) for name in ETHNICITIES]


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Education(models.TextChoices):
    DOCTORATE = "doctorate", "研究生（博士）"
    MASTER = "master", "研究生（硕士）"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY_VOCATIONAL = "secondary_vocational", "中等专科"
    HIGH_SCHOOL = "high_school", "高中"
    JUNIOR_OR_BELOW = "junior_or_below", "初中及以下"


class Category(models.TextChoices):
    FULL = "full", "正式党员"
    PROBATIONARY = "probationary", "预备党员"


class PartyStatus(models.TextChoices):
    NORMAL = "normal", "正常"
    SUSPENDED = "suspended", "停止党籍"


class RecordStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    TRANSFERRED_OUT = "transferred_out", "已转出"
    LEFT = "left", "已出党"
    DECEASED = "deceased", "已去世"


class JobPosition(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", "公务员（含参照管理）"
    INSTITUTION_MANAGER = "institution_manager", "事业单位管理人员"
    PROFESSIONAL = "professional", "专业技术人员"
    SKILLED_WORKER = "skilled_worker", "工勤技能人员"
    ENTERPRISE = "enterprise", "企业人员"
    RETIRED = "retired", "离退休人员"
    STUDENT = "student", "学生"
    OTHER = "other", "其他"


class LostContactReason(models.TextChoices):
    WORK_AWAY = "work_away", "外出务工经商"
    UNIT_RESTRUCTURED = "unit_restructured", "单位改制或破产"
    GRADUATE_UNKNOWN = "graduate_unknown", "毕业后去向不明"
    EMPLOYER_CHANGED = "employer_changed", "工作单位改变"
    ABROAD = "abroad", "出国（境）"
    MOVED = "moved", "居住地改变"
    OTHER = "other", "其他"


class EventKind(models.TextChoices):
    BECOME_FULL = "become_full", "预备党员转正"
    EXTEND_PROBATION = "extend_probation", "延长预备期"
    CANCEL_PROBATION = "cancel_probation", "取消预备党员资格"
    SUSPEND = "suspend", "停止党籍"
    RESTORE = "restore", "恢复党籍"
    LEAVE = "leave", "出党"
    DEATH = "death", "死亡"


class LeaveManner(models.TextChoices):
    EXPELLED = "expelled", "开除党籍"
    REMOVED = "removed", "除名"
    RESIGNED = "resigned", "退党"
    DEFECTED = "defected", "自行脱党"
