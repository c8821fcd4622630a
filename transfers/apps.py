from django.apps import AppConfig


class TransfersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transfers"
    verbose_name = "International transfers"

    def ready(self) -> None:
        # compliance never imports transfers: transfers adds its reference file, its deadline
        # sources (TIA and SCC reviews), its report, its dashboard panels, its links on the
        # entity page and its part of the demo and scale data to compliance's registries here.
        from compliance import demo
        from compliance.dashboard import register_panel
        from compliance.related_links import register_entity_links
        from transfers import demo as transfers_demo
        from transfers import reports
        from transfers.dashboard import blockers_panel, reviews_panel
        from transfers.navigation import transfer_entity_links
        from transfers.reference_files import register_files
        from transfers.reminders import register_sources

        register_files()
        register_sources()
        reports.register()
        register_panel(blockers_panel, order=30)
        register_panel(reviews_panel, order=35)
        register_entity_links(transfer_entity_links)
        if transfers_demo.seed_demo_transfers not in demo.DEMO_EXTENSIONS:
            demo.DEMO_EXTENSIONS.append(transfers_demo.seed_demo_transfers)
        if transfers_demo.seed_scale_transfers not in demo.SCALE_EXTENSIONS:
            demo.SCALE_EXTENSIONS.append(transfers_demo.seed_scale_transfers)
