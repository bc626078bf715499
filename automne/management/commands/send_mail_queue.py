import signal

from django.core.management.base import BaseCommand

from automne import mail_queue


class Command(BaseCommand):
    help = (
        "Envoie les courriels en file d'attente (EMAIL_URL), en continu jusqu'à Ctrl+C ou SIGTERM ; "
        "les envois refusés sont réessayés toutes les 10 minutes. --once : un seul passage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Remet les différés dans la file, envoie, et quitte.")

    def handle(self, *args, once=False, **options):
        if once:
            mail_queue.retry_deferred()
            mail_queue.queue_change_notices()
            mail_queue.queue_evaluation_work()
            waiting = mail_queue.deliver()
            self.stdout.write(f"Courriels encore en file : {waiting}")
            return
        stop = []
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda *_: stop.append(True))
        # Said once the signals are ours: from this line on, Ctrl+C or SIGTERM stops it cleanly.
        self.stdout.write("File de courriels en marche (Ctrl+C pour arrêter).")
        self.stdout.flush()
        mail_queue.run(stopping=lambda: bool(stop))
