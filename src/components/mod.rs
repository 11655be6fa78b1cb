pub mod choice_list;
pub mod crisis_panel;
pub mod figures_panel;
pub mod line_chart;
pub mod link_card;
pub mod rating_scale;
pub mod status_line;
