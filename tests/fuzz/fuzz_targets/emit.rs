//! Every emitter on a valid policy (the input when it is one, else one
//! generated from its bytes), with every read-back check
//! (`zonec_props::emit`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    zonec_props::emit::emit(data);
});
