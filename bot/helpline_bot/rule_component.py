"""Base for the helpline's NLU components that apply rules instead of learning."""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class RuleComponent(GraphComponent):
    """A component with no trained state: created empty, nothing to learn from training data."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RuleComponent":
        """Create the component (its rules are code and data files)."""
        return cls()

    def process_training_data(self, training_data: Any) -> Any:
        """Nothing to learn."""
        return training_data
