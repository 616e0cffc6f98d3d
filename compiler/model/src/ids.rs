//! Typed indices into the model's tables. Once a name is resolved it becomes
//! one of these, so no later stage can meet an unknown name.

use serde::Serialize;

macro_rules! id {
    ($($(#[$doc:meta])* $name:ident),*) => {$(
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }

            pub fn from_index(i: usize) -> Self {
                $name(i as u32)
            }
        }
    )*};
}

id!(
    /// A zone: index into `Model::zones`.
    ZoneId,
    /// A label: index into `Model::labels`.
    LabelId,
    /// A declared service: index into `Model::services`.
    ServiceId,
    /// An `allow` or `deny`: index into `Model::rules`.
    RuleId,
    /// A `forbid` or `require`: index into `Model::invariants`.
    InvariantId
);
