"""evaldesk — an offline editor for budget-performance forms (绩效自评表、绩效目标申报表)."""

__version__ = "0.1.0"
APP_NAME = "evaldesk"
APP_DISPLAY_NAME = "绩效表填报助手 evaldesk"
