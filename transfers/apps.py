from django.apps import AppConfig


class TransfersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transfers"
    verbose_name = "International transfers"

    def ready(self) -> None:
        # compliance never imports transfers: transfers adds its reference file, its report and
        # its part of the demo and scale data to compliance's registries here.
        from compliance import demo
        from transfers import demo as transfers_demo
        from transfers import reports
        from transfers.reference_files import register_files

        register_files()
        reports.register()
        if transfers_demo.seed_demo_transfers not in demo.DEMO_EXTENSIONS:
            demo.DEMO_EXTENSIONS.append(transfers_demo.seed_demo_transfers)
        if transfers_demo.seed_scale_transfers not in demo.SCALE_EXTENSIONS:
            demo.SCALE_EXTENSIONS.append(transfers_demo.seed_scale_transfers)
