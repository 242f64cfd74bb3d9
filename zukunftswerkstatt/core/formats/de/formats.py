# German keeps Django's formats ("11. Dezember 2026", "18:00"); this module exists so that both
# languages are looked up in the same place (FORMAT_MODULE_PATH) and Django's own German module
# still answers everything not set here.
