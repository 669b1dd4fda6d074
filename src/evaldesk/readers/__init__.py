"""Reading workbooks into forms: evaldesk's own exports exactly (their hidden record), official layouts
typed by hand by their labels. Nothing here writes a workbook; the writers live in evaldesk.export."""
