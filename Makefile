# Every target calls the `cspr` CLI; see `make help`.
# CASE= a case folder, OUT= the output folder, TODAY= an ISO date ("today" for deadlines).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CSPR   := $(BIN)/cspr
CASE   ?= cases/NS-2026-011
CASES  ?= cases
OUT    ?= output
TODAY  ?= $(shell date +%F)

# The case folder's real name (CASE=cases/X/returns/.. is cases/X), as cspr takes it.
REF        := $(notdir $(abspath $(CASE)))
CASE_OUT   := $(OUT)/$(REF)
PARTNERSHIP := $(dir $(abspath $(CASE)))
CODE       := $(shell find pipeline templates -type f -not -name '*.pyc' 2>/dev/null)
INSTALLED  := $(VENV)/.installed
# What the commands read, as one stamp file each (below) rather than a list of file names:
# a name with spaces ("police return (1).xlsx") cannot be a prerequisite.
CASE_FILES := $(CASE_OUT)/.case-files
CASES_FILES := $(OUT)/.cases-files

# $(call stamp,FILE,PATHS): FILE lists every file under PATHS (names with spaces too),
# rewritten (so newer) only when a file is added, removed or changed.
define stamp
@mkdir -p "$(dir $(1))"
@list=$$(find $(2) -type f 2>/dev/null | LC_ALL=C sort); \
if [ ! -f "$(1)" ] || [ "$$list" != "$$(cat "$(1)")" ] || \
   [ -n "$$(find $(2) -newer "$(1)" 2>/dev/null | head -n 1)" ]; then \
	printf '%s\n' "$$list" > "$(1)"; \
fi
endef

.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
.PHONY: pdf profiles help install validate deadlines chronology summary meeting-record panel-pack referral-form requests chase notices review family-letters learning-brief follow-up publish-pack tracker status history watch check-templates test lint bench clean FORCE

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "  Variables: CASE=$(CASE) CASES=$(CASES) OUT=$(OUT) TODAY=$(TODAY)"

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(INSTALLED) ## Create .venv and install the project with its dev tools

# The day used as "today"; rewritten only when TODAY changes, so outputs that
# depend on it rebuild only then.
%/.today: FORCE
	@mkdir -p "$(@D)"
	@[ "$$(cat "$@" 2>/dev/null)" = "$(TODAY)" ] || echo "$(TODAY)" > "$@"

# Every file of the case folder, and the partnership's settings and templates beside it.
$(CASE_FILES): FORCE
	$(call stamp,$@,"$(CASE)" "$(PARTNERSHIP)partnership.yaml" "$(PARTNERSHIP)templates")

# Everything under CASES the tracker reads: touched when scripts/newer.sh finds a file
# or folder newer than it (added, removed or changed).
$(CASES_FILES): FORCE
	@mkdir -p "$(@D)"
	@if [ ! -f "$@" ] || [ -n "$$(sh scripts/newer.sh "$(CASES)" "$@")" ]; then touch "$@"; fi

$(CASE_OUT)/.validated: $(CASE_FILES) $(CODE) $(INSTALLED)
	$(CSPR) validate "$(CASE)" --out "$(OUT)"
	@touch "$@"

validate: $(CASE_OUT)/.validated ## Check CASE and its returns (writes OUT/<ref>/validation.json)

$(CASE_OUT)/deadlines.json: $(CASE_FILES) $(CODE) $(INSTALLED) $(CASE_OUT)/.today
	$(CSPR) deadlines "$(CASE)" --out "$(OUT)" --today $(TODAY)

deadlines: $(CASE_OUT)/deadlines.json ## Every deadline of CASE in working days

CHRONOLOGY := $(CASE_OUT)/multi-agency-chronology.xlsx $(CASE_OUT)/multi-agency-chronology.docx
$(CHRONOLOGY) &: $(CASE_FILES) $(CODE) $(INSTALLED) $(CASE_OUT)/.today
	$(CSPR) chronology "$(CASE)" --out "$(OUT)" --today $(TODAY)

chronology: $(CHRONOLOGY) ## Merge the agencies' chronologies (xlsx and docx)

SUMMARY := $(CASE_OUT)/combined-summary.docx
$(SUMMARY): $(CASE_FILES) $(CODE) $(INSTALLED) $(CASE_OUT)/.today
	$(CSPR) summary "$(CASE)" --out "$(OUT)" --today $(TODAY)

summary: $(SUMMARY) ## Before the meeting: the Combined Summary (and chronology, deadlines)

PANEL_PACK := $(CASE_OUT)/combined-summary-panel.docx
$(PANEL_PACK): $(CASE_FILES) $(CODE) $(INSTALLED) $(CASE_OUT)/.today
	$(CSPR) panel-pack "$(CASE)" --out "$(OUT)" --today $(TODAY)

panel-pack: $(PANEL_PACK) ## After the meeting: the pack for the National Panel and agencies

# Writes the meeting record into the case folder (never over a different one without REPLACE=1).
meeting-record: $(INSTALLED) ## After the meeting: read FILLED= (the filled-in summary) into the record
	@[ -n "$(FILLED)" ] || { echo "Give FILLED=path/to/the-filled-in-combined-summary.docx" >&2; exit 2; }
	$(CSPR) meeting-record "$(CASE)" "$(FILLED)" $(if $(REPLACE),--replace) --today $(TODAY)

# Commands that write many files leave a stamp, so a re-run with nothing changed does nothing.
INPUTS := $(CASE_FILES) $(CODE) $(INSTALLED) $(CASE_OUT)/.today
$(CASE_OUT)/referral-form.docx: $(INPUTS)
	$(CSPR) referral-form "$(CASE)" --out "$(OUT)" --today $(TODAY)
$(CASE_OUT)/requests/.made: $(INPUTS)
	$(CSPR) requests "$(CASE)" --out "$(OUT)" --today $(TODAY) && touch "$@"
$(CASE_OUT)/chase.csv: $(INPUTS)
	$(CSPR) chase "$(CASE)" --out "$(OUT)" --today $(TODAY)
$(CASE_OUT)/notices/.made: $(INPUTS)
	$(CSPR) notices "$(CASE)" --out "$(OUT)" --today $(TODAY) && mkdir -p "$(@D)" && touch "$@"
$(CASE_OUT)/review/.made: $(INPUTS)
	$(CSPR) review "$(CASE)" --out "$(OUT)" --today $(TODAY) && mkdir -p "$(@D)" && touch "$@"

referral-form: $(CASE_OUT)/referral-form.docx ## The referral form (identifying: internal use only)
requests: $(CASE_OUT)/requests/.made ## Request letters and reply templates for every agency
chase: $(CASE_OUT)/chase.csv ## Missing and late returns: chase.csv and reminder letters
notices: $(CASE_OUT)/notices/.made ## Reviewer appointed, delay, workshop notices (once dated)
review: $(CASE_OUT)/review/.made ## The review stage: terms of reference, requests to agencies, notices

$(CASE_OUT)/publish-pack/manifest.json: $(INPUTS)
	$(CSPR) publish-pack "$(CASE)" --out "$(OUT)" --today $(TODAY)

publish-pack: $(CASE_OUT)/publish-pack/manifest.json ## Before publication: the pack, after a leak scan

$(CASE_OUT)/family-involvement.docx: $(INPUTS)
	$(CSPR) family-letters "$(CASE)" --out "$(OUT)" --today $(TODAY)
$(CASE_OUT)/learning-brief/manifest.json: $(INPUTS)
	$(CSPR) learning-brief "$(CASE)" --out "$(OUT)" --today $(TODAY)
$(CASE_OUT)/impact-follow-up.docx: $(INPUTS)
	$(CSPR) follow-up "$(CASE)" --out "$(OUT)" --today $(TODAY)

family-letters: $(CASE_OUT)/family-involvement.docx ## Letters to the family (identifying) and their involvement
learning-brief: $(CASE_OUT)/learning-brief/manifest.json ## No full report: learning brief and 7-minute briefing, leak-scanned
follow-up: $(CASE_OUT)/impact-follow-up.docx ## Six months after the action plan: the impact follow-up

TRACKER     := $(OUT)/tracker.xlsx $(OUT)/tracker.html $(OUT)/deadlines.ics
$(TRACKER) &: $(CASES_FILES) $(CODE) $(INSTALLED) $(OUT)/.today
	$(CSPR) tracker "$(CASES)" --out "$(OUT)" --today $(TODAY)

tracker: $(TRACKER) ## Every case under CASES: tracker.xlsx, tracker.html, deadlines.ics

status: $(INSTALLED) ## CASE at a glance: stage, missing, next deadlines, what to do next
	$(CSPR) status "$(CASE)" --out "$(OUT)" --today $(TODAY)

history: $(INSTALLED) ## What was done for CASE: commands, inputs and outputs (sha256)
	$(CSPR) history "$(CASE)" --out "$(OUT)"

# Runs until Ctrl-C; "today" is the real date at each rebuild unless TODAY= is given.
watch: $(INSTALLED) ## Watch CASES; rebuild a case's page as files land (Ctrl-C stops)
	$(CSPR) watch "$(CASES)" --out "$(OUT)" $(if $(filter command line,$(origin TODAY)),--today $(TODAY))

pdf: $(INSTALLED) ## PDFs of the case's documents (WHAT= to choose some)
	$(CSPR) pdf "$(CASE)" $(WHAT) --out "$(OUT)" --today $(TODAY)

profiles: $(INSTALLED) ## The partnership profiles (PROFILE=name shows one in full)
	$(CSPR) profiles $(if $(PROFILE),show $(PROFILE) --cases "$(CASES)")

check-templates: $(INSTALLED) ## Render every template (the partnership's own first) against CASE
	$(CSPR) check-templates "$(CASE)" --today $(TODAY)

bench: $(INSTALLED) ## Benchmarks: whole processes side by side; output/bench/bench.json
	$(BIN)/python scripts/bench.py

test: $(INSTALLED) ## Run the tests
	$(BIN)/pytest

lint: $(INSTALLED) ## ruff, mypy, the layers contract, shipped templates as the script makes them
	$(BIN)/ruff check pipeline tests scripts
	$(BIN)/ruff format --check pipeline tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python scripts/make_templates.py --check

clean: ## Remove generated output (not the virtualenv)
	rm -rf $(OUT)/*/ $(OUT)/*.xlsx $(OUT)/*.html $(OUT)/*.ics

FORCE:
