"""The enrolment app's pages: `applications` (the programme page, mentor applications, recommendations, intakes
and the admin's enrolment pages), `training` (the mentor training and its editor) and `pages` (the programme
page's texts and FAQ)."""
