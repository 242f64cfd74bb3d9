"""Recompute every contribution's search terms and similarity features, e.g. after an upgrade of
simplemma or snowballstemmer changed the word forms, or after a change of core/german_concepts.txt
(core/search.py, core/similarity.py)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from zukunftswerkstatt.ideas.models import Idea, SimilarityTerm
from zukunftswerkstatt.ideas.services import idea_index_for_search
from zukunftswerkstatt.ideas.similarity import similarity_rows

BATCH = 1000


class Command(BaseCommand):
    help = "Recompute the search terms (German word forms) and similarity features of all contributions."

    def handle(self, *args, **options):
        count = 0
        batch = []
        for idea in Idea.objects.only("pk", "module_id", "title", "text", "place_name").iterator(chunk_size=BATCH):
            idea_index_for_search(idea)
            batch.append(idea)
            if len(batch) >= BATCH:
                count += self._save(batch)
                batch = []
        count += self._save(batch)
        self.stdout.write(f"{count} contributions indexed.")

    @staticmethod
    def _save(batch: list[Idea]) -> int:
        with transaction.atomic():
            Idea.objects.bulk_update(batch, ["search_title_terms", "search_text_terms"])
            SimilarityTerm.objects.filter(idea__in=batch).delete()
            SimilarityTerm.objects.bulk_create(row for idea in batch for row in similarity_rows(idea))
        return len(batch)
