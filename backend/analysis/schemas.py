"""What the item analysis API returns."""

from pydantic import BaseModel, Field


class FlagOut(BaseModel):
    code: str = Field(description="too_easy, too_hard, weak_discrimination, "
                                  "negative_discrimination hoặc distractor_above_key")
    text: str = Field(description="Cảnh báo bằng lời, như trang web ghi")
    suspect: bool = Field(description="Cảnh báo này cho thấy câu hỏi có thể sai đáp án")


class OptionOut(BaseModel):
    option_id: int
    letter: str = Field(description="A, B, C, … theo thứ tự trong ngân hàng câu hỏi")
    text: str
    correct: bool = Field(description="Là đáp án đúng theo ngân hàng câu hỏi hiện nay")
    picks: int = Field(description="Số lượt thi chọn phương án này")
    share: float | None = Field(description="Tỉ lệ chọn trên số lượt thi có câu này (0–1)")
    upper_share: float | None = Field(
        description="Tỉ lệ chọn trong nhóm 27% lượt thi điểm cao nhất có câu này (0–1)")


class QuestionOut(BaseModel):
    question_id: int
    number: int = Field(description="Số thứ tự câu hỏi trong ngân hàng")
    text: str
    voided: str = Field(description="\"\" khi câu hỏi được tính; \"mark\": mọi thí sinh được "
                                    "điểm câu này; \"drop\": câu này không tính điểm")
    voided_label: str
    shown: int = Field(description="Số lượt thi có câu này trong đề")
    answered: int
    blank: int
    right: int
    facility: float | None = Field(description="Độ khó p: tỉ lệ trả lời đúng (0–1); null khi "
                                               "câu đã hủy")
    discrimination: float | None = Field(
        description="Độ phân biệt: tương quan điểm nhị phân giữa đúng/sai câu này và điểm "
                    "các câu còn lại (−1 đến 1); null khi không tính được")
    options: list[OptionOut]
    flags: list[FlagOut]
    note: str
    ruling_url: str = Field(description="Trang xử lý câu hỏi lỗi của câu này")


class ItemAnalysisOut(BaseModel):
    contest_id: int
    round_id: int
    round_name: str
    basis: str = Field(description="counted: các lượt được tính trong kết quả đã tổng hợp; "
                                   "finished: mọi lượt đã nộp hoặc hết giờ")
    basis_label: str
    board_version: int | None
    attempts: int = Field(description="Số lượt thi được phân tích")
    mean_score: float | None
    flagged: int = Field(description="Số câu có cảnh báo")
    questions: list[QuestionOut] = Field(description="Câu có thể sai đáp án trước, rồi các câu "
                                                     "có cảnh báo khác, rồi theo số thứ tự")
