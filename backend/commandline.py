"""The frame of the `thidua` command in Vietnamese: help pages, usage lines and usage errors,
which Typer and the copy of Click inside it would otherwise print in English."""

import re
import sys
from difflib import get_close_matches
from enum import Enum

import typer
from typer._click import exceptions as errors
from typer.core import TyperCommand, TyperGroup

HELP_OPTION = "Hiện hướng dẫn này rồi thoát."
# The bracket Typer appends to an option's help: "[default: 8000; required]".
_EXTRAS = re.compile(r"\[(?P<extras>[^\[\]]*)\]$")
_EXTRA_WORDS = (("default: ", "mặc định: "), ("required", "bắt buộc"))
_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument\S* \((?P<values>.*)\)$")


class _Vietnamese:
    """What commands and groups share: the help option, the usage line, the option list,
    and errors told in Vietnamese."""

    def _in_vietnamese(self) -> None:
        self.rich_markup_mode = None  # plain help, laid out by the methods below
        self.options_metavar = "[TÙY CHỌN]"

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix="Cách dùng: ")

    def format_parameters(self, ctx, formatter) -> None:
        records: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                # An argument is shown by its name alone, as in the usage line.
                name = _name(param) if param.param_type_name == "argument" else record[0]
                records[param.param_type_name].append((name, _extras(record[1])))
        for kind, title in (("argument", "Tham số"), ("option", "Tùy chọn")):
            if records[kind]:
                with formatter.section(title):
                    formatter.write_dl(records[kind])

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  **extra)
        except errors.NoArgsIsHelpError as error:
            typer.echo(error.format_message(), err=True)
            sys.exit(error.exit_code)
        except errors.UsageError as error:
            typer.echo(usage_error(error), err=True)
            sys.exit(error.exit_code)
        except errors.ClickException as error:
            typer.echo(f"Lỗi: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("Đã hủy.", err=True)
            sys.exit(1)
        # Not standalone, Typer returns a command's result, or the code it exited with.
        sys.exit(result if isinstance(result, int) else 0)


class Command(_Vietnamese, TyperCommand):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._in_vietnamese()

    def format_options(self, ctx, formatter) -> None:
        self.format_parameters(ctx, formatter)


class Group(_Vietnamese, TyperGroup):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._in_vietnamese()
        self.subcommand_metavar = "LỆNH [THAM SỐ]..."

    def format_options(self, ctx, formatter) -> None:
        self.format_parameters(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        rows = [(name, command.get_short_help_str(formatter.width))
                for name in self.list_commands(ctx)
                if (command := self.get_command(ctx, name)) is not None and not command.hidden]
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx, args):
        name = args[0]
        if (self.get_command(ctx, name) is None and not name.startswith("-")
                and not ctx.resilient_parsing):
            close = get_close_matches(name, self.list_commands(ctx), n=1)
            guess = f" Có phải ý bạn là “{close[0]}”?" if close else ""
            ctx.fail(f"Không có lệnh “{name}”.{guess}")
        return super().resolve_command(ctx, args)


class Typer(typer.Typer):
    """A `typer.Typer` whose groups and commands speak Vietnamese."""

    def __init__(self, **kwargs):
        super().__init__(cls=Group, add_completion=False, rich_markup_mode=None,
                         pretty_exceptions_enable=False, no_args_is_help=True, **kwargs)

    def command(self, *args, **kwargs):
        return super().command(*args, cls=Command, **kwargs)


def _extras(help_text: str) -> str:
    def translate(match: re.Match) -> str:
        extras = match["extras"]
        for english, vietnamese in _EXTRA_WORDS:
            extras = extras.replace(english, vietnamese)
        return f"[{extras}]"

    return _EXTRAS.sub(translate, help_text)


def usage_error(error: errors.UsageError) -> str:
    """The usage line, where to find help, and what was wrong."""
    lines = []
    if error.ctx is not None:
        lines += [error.ctx.get_usage(), f"Xem hướng dẫn: {error.ctx.command_path} --help", ""]
    return "\n".join([*lines, f"Lỗi: {explain(error)}"])


def explain(error: errors.UsageError) -> str:
    """What went wrong, in Vietnamese; messages already ours pass through unchanged."""
    message = error.format_message()
    if isinstance(error, errors.NoSuchOption):
        guess = (" Có phải ý bạn là " + " hoặc ".join(sorted(error.possibilities)) + "?"
                 if error.possibilities else "")
        return f"Không có tùy chọn {error.option_name}.{guess}"
    if isinstance(error, errors.MissingParameter) and error.param is not None:
        kind = "tham số" if error.param.param_type_name == "argument" else "tùy chọn"
        return f"Thiếu {kind} {_name(error.param)}{_expected(error.param, '; ')}."
    if isinstance(error, errors.BadParameter) and error.param is not None:
        given = _given(error)
        value = f" “{given}”" if given is not None else ""
        expected = _expected(error.param, ": ")
        return f"Giá trị{value} của {_name(error.param)} không hợp lệ{expected}."
    if isinstance(error, errors.BadOptionUsage):
        if "requires" in error.message:
            return f"Tùy chọn {error.option_name} cần một giá trị."
        return f"Tùy chọn {error.option_name} không nhận giá trị."
    if extra := _EXTRA_ARGUMENTS.match(message):
        return f"Thừa tham số: {extra['values']}."
    if message == "Missing command.":
        return "Thiếu lệnh."
    return message


def _name(param) -> str:
    if param.param_type_name == "argument":
        return param.metavar or param.name.upper()
    return " / ".join(param.opts)


def _given(error: errors.BadParameter):
    """The value typed, kept by the validation error Typer raised this one from."""
    problems = getattr(error.__cause__, "errors", None)
    try:
        return problems()[0].get("input") if callable(problems) else None
    except (IndexError, TypeError, AttributeError):
        return None


def _expected(param, lead: str) -> str:
    """What the parameter takes, from the annotation Typer keeps on it."""
    described = getattr(param, "type_descriptor", None)
    choices = getattr(described, "choices", None)
    if choices:
        values = [c.value if isinstance(c, Enum) else str(c) for c in choices]
        return f"{lead}chọn một trong {', '.join(values)}"
    if getattr(described, "annotation", None) is int:
        return f"{lead}cần một số nguyên"
    return ""


def fail(message: str) -> None:
    """Say what went wrong, in red on stderr, and end the command with exit status 1."""
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(1)
