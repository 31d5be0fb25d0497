"""What each lesson holds, above the content: its quiz bank (questions made from
data/quizzes/*.yaml), its notebook's outline, the instructor-only teaching notes, and the
course settings an instructor chooses. Imports content and question_types."""
